import { readFile } from "node:fs/promises";

/** `--help` or `-h` after a command: its usage goes to standard output and the exit code is 0. */
export class CliHelp extends Error {
  constructor(readonly usage: string) {
    super(usage);
    this.name = "CliHelp";
  }
}

/** An error the command line reports as a plain message with its exit code (2 = bad input). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** The error for a file that cannot be read: its name and the system's code (ENOENT, EISDIR, …). */
export function cannotRead(file: string, err: unknown): CliError {
  return new CliError(`${file}: cannot read file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
}

/** A text file's content, or a CliError naming the file. */
export async function readTextFile(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    throw cannotRead(file, err);
  }
}
