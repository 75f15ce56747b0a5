/**
 * Definitions that work without a mouse: a table's terms are listed in a "What the columns mean"
 * disclosure (Glossary.svelte) and each defined header carries a visible "?" (TermMark.svelte) that
 * opens the list at its term — a click, a tap or Enter, not a hover. One `GlossaryState` ties a
 * table's marks to its list.
 */
import { tick } from "svelte";

export interface Term {
  key: string;
  label: string;
  definition: string;
}

export class GlossaryState {
  open = $state(false);
  /** The term last asked for through its mark (shown highlighted). */
  asked = $state<string | null>(null);
  readonly id = `glossary-${Math.random().toString(36).slice(2, 9)}`;

  entryId(key: string): string {
    return `${this.id}-${key.replace(/[^A-Za-z0-9_-]/g, "_")}`;
  }

  /** Opens the list at `key` (or closes it when that term is already the one shown), and moves focus to it. */
  async show(key: string): Promise<void> {
    if (this.open && this.asked === key) {
      this.open = false;
      this.asked = null;
      return;
    }
    this.open = true;
    this.asked = key;
    await tick();
    const el = document.getElementById(this.entryId(key));
    el?.scrollIntoView?.({ block: "nearest" });
    el?.focus({ preventScroll: true });
  }
}
