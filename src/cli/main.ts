/**
 * `backorder-lab <command>`: dispatches to one module per command under ./commands.
 * Exit codes: 0 success, 2 bad input (the message names file, path and reason), 1 internal error.
 */
import { CliError, CliHelp } from "./errors.ts";
import { guardOutput } from "./terminal.ts";

/** One line of usage per command; the command `x` is the module ./commands/x.ts. */
const COMMANDS: Record<string, string> = {
  simulate:
    "simulate <scenario.json> [--runs N] [--seed S] [--horizon D] [--workers W] [--json] [--out F] [--csv DIR|F.csv] [--shard k/n] [--precision profit=0.01]",
  merge: "merge <shard.json…> [--json] [--out F] [--csv DIR|F.csv]",
  bench: "bench [--json] [--workers 1,2,…] [--runs N] [--rounds N]",
  compare: "compare <a.json> <b.json…> [--json]",
  optimize: 'optimize <scenario.json> --product ID [--param P] --objective minCost|maxProfit|"fillRate>=0.97" [--json]',
  plan: 'plan <scenario.json> --target "fillRate>=0.95" [--param P] [--runs N] [--json] [--csv plan.csv] [--apply planned.json] [--shard k/n]',
  recommend: "recommend <scenario.json> [--json]",
  sensitivity: "sensitivity <scenario.json> [--by 0.2] [--json]",
  fit: "fit <history.csv> [--json] [--holdout-weeks 8] [--sku A,B] [--seed S]",
};

/** The command's module, loaded on demand (the bundler includes every module of ./commands). */
const loadCommand = (name: string): Promise<{ run: (args: string[]) => Promise<number> }> => import(`./commands/${name}.ts`);

function usage(): string {
  return [
    "usage: backorder-lab <command> [options]",
    "",
    "commands:",
    ...Object.values(COMMANDS).map((summary) => `  ${summary}`),
    "",
    "backorder-lab <command> --help lists all of a command's options.",
  ].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  // Names, ids and messages are data: control characters in them are shown, never obeyed.
  const restore = guardOutput();
  try {
    return await dispatch(argv);
  } finally {
    restore();
  }
}

async function dispatch(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage() + "\n");
    return name ? 0 : 2;
  }
  if (!Object.hasOwn(COMMANDS, name)) {
    process.stderr.write(`backorder-lab: unknown command '${name}'\n\n${usage()}\n`);
    return 2;
  }
  try {
    const mod = await loadCommand(name);
    return await mod.run(rest);
  } catch (err) {
    if (err instanceof CliHelp) {
      process.stdout.write(err.usage + "\n");
      return 0;
    }
    if (err instanceof CliError) {
      process.stderr.write(`backorder-lab ${name}: ${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(`backorder-lab ${name}: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}
