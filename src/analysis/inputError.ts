/**
 * Bad input to a decision tool (unknown product, a parameter the policy lacks, scenarios that cannot
 * be paired, a variant the parser rejects), as opposed to a bug: the command line exits 2 on it and
 * the app shows it next to the form.
 */
import type { Issue } from "../io/issue.ts";

export class AnalysisInputError extends Error {
  constructor(readonly issues: Issue[]) {
    super(issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("\n"));
    this.name = "AnalysisInputError";
  }
}

export function inputError(message: string, path = ""): AnalysisInputError {
  return new AnalysisInputError([{ path, message }]);
}
