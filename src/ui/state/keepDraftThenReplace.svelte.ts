/**
 * The app's way to replace the scenario being edited without losing it (the rule is in keepDraft.ts):
 * every button that swaps in another scenario — the example picker, an upload, an import, "Apply" in
 * a decision view, a saved scenario or a share link being opened — goes through
 * `keepDraftThenReplace(next, reason)`. The copy lands in Saved work; the notice names it.
 *
 *     await keepDraftThenReplace((d: unknown) => withProductField(d, "sofa", "policy", policy), "applying Sofa's optimised level", {
 *       notice: "Applied order-up-to level 14 to Sofa.",
 *       examplesCount: false,
 *     });
 */
import { saved } from "../saved/savedWork.svelte.ts";
import { keepThenReplace, keptSentence, type KeepOptions, type KeepOutcome } from "./keepDraft.ts";

export interface ReplaceOptions extends KeepOptions {
  /** Sentence for the notice once replaced ("Applied …"); the copy's name is added to it. No notice when absent. */
  notice?: string;
}

/**
 * Saves the current draft to Saved work unless a copy is already kept, then replaces it with `next`
 * (a scenario, or a function of the current draft). Nothing is replaced when the copy fails or the
 * function throws; the notice then says why.
 */
export async function keepDraftThenReplace(next: unknown | ((draft: unknown) => unknown), reason: string, opts: ReplaceOptions = {}): Promise<KeepOutcome> {
  const out = await keepThenReplace(saved.draftStore, next, reason, opts);
  if (!out.replaced) saved.notice = { level: "error", text: out.error };
  else if (opts.notice !== undefined) saved.notice = { level: "info", text: opts.notice + keptSentence(out.keptAs) };
  return out;
}
