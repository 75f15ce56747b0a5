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
