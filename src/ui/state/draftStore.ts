/**
 * Where the editor's draft is autosaved, and which copy a reload takes.
 *
 * - A draft whose text is at most `localMaxChars` long goes to localStorage whole, synchronously:
 *   it is there before the next frame, even if the tab closes right after the keystroke.
 * - A longer one (a catalogue: megabytes, whose `setItem` held the page about 100 ms at 4,000
 *   products) goes to IndexedDB as a shell and one text per product, and once that transaction has
 *   committed localStorage gets a short pointer to it. Until then the write is "unsaved": leaving
 *   the page (`flush`) writes it whole to localStorage the synchronous way, because a transaction
 *   still open when the page goes away may never commit.
 * - When localStorage refuses a write (quota, disabled), the draft goes to IndexedDB instead.
 *
 * Every write carries a sequence number, above every number written before (at least the time of
 * the write, in ms, and above anything read back): a reload takes the copy with the higher number,
 * so an older IndexedDB copy never wins over a newer localStorage one or the other way round.
 *
 * Several tabs share the one stored draft. Every copy also names the tab that wrote it (an id per
 * page load), and each tab remembers the copy it last read or wrote. Before a write replaces a copy
 * that another tab wrote since, that copy is handed to `keepOther` (which keeps it in Saved work)
 * and the write waits until it is kept. Leaving the page cannot wait: a write then that would replace
 * another tab's copy not yet kept goes to a slot of this tab's own beside the draft (`aside`), and
 * the next page to open keeps what it finds there (`readAsides`). So of two tabs editing at once, a
 * reload takes the newer draft and the other is in Saved work.
 *
 * Pure of the browser: localStorage and IndexedDB are reached through the two backends, so every
 * ordering is tested with backends in memory (test/ui/draftStore.test.ts).
 */
import { nextTask } from "../nextTask.ts";

/** The settings saved beside the draft. */
export interface DraftSettings {
  source: string;
  rawText: string | null;
  precision: unknown;
}

/** A catalogue's draft in parts: `shell` is the draft's JSON text with `PRODUCTS_MARK` for its list, `products` each product's JSON text. */
export interface DraftParts {
  shell: string;
  products: string[];
}

/**
 * Parts as IndexedDB keeps them: the products' texts one after the other in one string, `ends[i]`
 * where product i's text ends. Cloning one string and one array for IndexedDB is a copy of memory;
 * cloning 4,000 strings took 25–50 ms of the page.
 */
export interface JoinedParts {
  shell: string;
  text: string;
  ends: Uint32Array;
}

export function joinParts(parts: DraftParts): JoinedParts {
  const ends = new Uint32Array(parts.products.length);
  let at = 0;
  for (let i = 0; i < parts.products.length; i++) ends[i] = at += parts.products[i]!.length;
  return { shell: parts.shell, text: parts.products.join(""), ends };
}

export function splitParts(j: JoinedParts): DraftParts {
  const products: string[] = new Array(j.ends.length);
  let at = 0;
  for (let i = 0; i < j.ends.length; i++) products[i] = j.text.slice(at, (at = j.ends[i]!));
  return { shell: j.shell, products };
}

function isJoined(j: unknown): j is JoinedParts {
  const x = j as JoinedParts | null;
  return (
    !!x &&
    typeof x.shell === "string" &&
    typeof x.text === "string" &&
    x.ends instanceof Uint32Array &&
    (x.ends.length === 0 || x.ends[x.ends.length - 1] === x.text.length)
  );
}

/** A draft's JSON text, whole or in parts. */
export type DraftBody = { text: string } | { parts: DraftParts };

/** What IndexedDB holds (the record of src/ui/saved/savedWorkDb.ts's draft store). */
export interface DbDraft {
  savedAt: number;
  /** Absent in copies written before sequence numbers: then `savedAt` stands for it. */
  seq?: number;
  draft: unknown;
  draftText?: string;
  /** A catalogue's draft as written before `draftJoined`. */
  draftParts?: DraftParts;
  draftJoined?: JoinedParts;
  source?: string;
  rawText?: string | null;
  precision?: unknown;
  /** The tab that wrote it (absent in copies written before tabs were told apart). */
  tab?: string;
}

export interface LocalBackend {
  get(): string | null;
  /** Throws when the text cannot be stored (quota, disabled). */
  set(text: string): void;
  /** A tab's own slot beside the draft (`tab`), for a write that must not replace another tab's copy; throws when refused. */
  setAside?(tab: string, text: string): void;
  /** Every slot's text by its tab. */
  asides?(): { tab: string; text: string }[];
  removeAside?(tab: string): void;
}

export interface DbBackend {
  get(): Promise<DbDraft | null>;
  /** Resolves once the transaction has committed; rejects when it could not. */
  put(d: DbDraft): Promise<void>;
}

/** What localStorage holds: a whole draft (`draftText`, `draft`) or a pointer to IndexedDB's copy (`inDb`). */
export interface LocalDraft {
  seq: number;
  savedAt: number;
  settings: DraftSettings;
  inDb: boolean;
  draft: unknown;
  draftText: string | null;
}

/** A copy read back from IndexedDB. */
export interface FoundDraft {
  seq: number;
  settings: DraftSettings;
  body: DraftBody;
}

/** Another tab's copy about to be replaced, or one found in a slot beside the draft: to be kept in Saved work. */
export interface OtherDraft {
  seq: number;
  /** When it was written (ms since 1970). */
  savedAt: number;
  /** The tab that wrote it. */
  tab: string;
  settings: DraftSettings;
  body: DraftBody;
}

/** Keeps another tab's copy (in Saved work); resolves true once it is stored. */
export type KeepOther = (d: OtherDraft) => Promise<boolean>;

/** Which copy a stored record is: its time, sequence number and tab, read from the record's last characters. */
interface Head {
  savedAt: number;
  seq: number;
  tab: string;
}

/** The head of a record written by `DraftStore` (which writes these three fields last), without reading the rest of it. */
function headOf(text: string): Head | null {
  const m = /"savedAt":(\d+),"seq":(\d+),"tab":"([\w-]{1,64})"\}$/.exec(text.slice(-160));
  return m ? { savedAt: Number(m[1]), seq: Number(m[2]), tab: m[3]! } : null;
}

function newTabId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Stands for the products in a draft's shell text until their own texts are spliced in. */
export const PRODUCTS_MARK = "\u0000products\u0000";

/** Longest draft text kept in localStorage (characters, stored as 1 MB of UTF-16): writing it there takes about 10–20 ms. */
export const LOCAL_MAX_CHARS = 500_000;

export function wholeText(body: DraftBody): string {
  if ("text" in body) return body.text;
  const list = `[${body.parts.products.join(",")}]`;
  return body.parts.shell.replace(JSON.stringify(PRODUCTS_MARK), () => list);
}

function chars(body: DraftBody): number {
  if ("text" in body) return body.text.length;
  let n = body.parts.shell.length;
  for (const p of body.parts.products) n += p.length + 1;
  return n;
}

function sameBody(a: DraftBody, b: DraftBody): boolean {
  if ("text" in a || "text" in b) return "text" in a && "text" in b && a.text === b.text;
  const x = a.parts;
  const y = b.parts;
  if (x.shell !== y.shell || x.products.length !== y.products.length) return false;
  for (let i = 0; i < x.products.length; i++) if (x.products[i] !== y.products[i]) return false;
  return true;
}

function settingsKey(s: DraftSettings): string {
  return JSON.stringify([s.source ?? null, s.rawText ?? null, s.precision ?? null]);
}

/** The sequence number of a stored copy (older copies have only their time). */
function seqOf(x: { seq?: unknown; savedAt?: unknown } | null | undefined): number {
  if (!x) return -1;
  if (typeof x.seq === "number") return x.seq;
  return typeof x.savedAt === "number" ? x.savedAt : 0;
}

function settingsOf(x: { source?: unknown; rawText?: unknown; precision?: unknown }): DraftSettings {
  return {
    source: typeof x.source === "string" ? x.source : "custom",
    rawText: typeof x.rawText === "string" ? x.rawText : null,
    precision: x.precision ?? null,
  };
}

/**
 * The draft's own text inside a whole record (`{"draft":…,"source":…,…}`), or null when the text is
 * not of that form. The settings after the draft are JSON strings and values whose quotes are
 * escaped, so the last `,"source":` is where the draft ends.
 */
function draftTextOf(text: string): string | null {
  const head = '{"draft":';
  const end = text.lastIndexOf(',"source":');
  return text.startsWith(head) && end > head.length ? text.slice(head.length, end) : null;
}

/** The draft an IndexedDB record holds, or null. */
function bodyOf(d: DbDraft): DraftBody | null {
  if (isJoined(d.draftJoined)) return { parts: splitParts(d.draftJoined) };
  if (d.draftParts && typeof d.draftParts.shell === "string" && Array.isArray(d.draftParts.products)) return { parts: d.draftParts };
  if (typeof d.draftText === "string") return { text: d.draftText };
  if (d.draft !== undefined && d.draft !== null) return { text: JSON.stringify(d.draft) };
  return null;
}

/** A whole record's settings: the small JSON object after its draft. */
function recordSettings(text: string): DraftSettings {
  const end = text.lastIndexOf(',"source":');
  try {
    return settingsOf(JSON.parse(`{${text.slice(end + 1)}`) as Record<string, unknown>);
  } catch {
    return settingsOf({});
  }
}

export class DraftStore {
  readonly #local: LocalBackend | null;
  readonly #db: DbBackend | null;
  readonly #localMax: number;
  readonly #now: () => number;
  /** This tab's id, written into every copy. */
  readonly tab: string;
  readonly #keepOther: KeepOther | null;
  /** The copy in localStorage this tab last read, wrote or kept: another one there was written by another tab since. */
  #seen: { seq: number; tab: string | null } | null = null;
  /** Another tab's copy being kept; writes wait for it. */
  #keeping: Promise<boolean> | null = null;
  /** Highest sequence number written or read. */
  #seq = 0;
  /** Sequence number of what localStorage holds (-1: nothing of ours). */
  #localSeq = -1;
  /** What storage holds as its newest copy: a write of the same draft and settings is skipped. */
  #held: { body: DraftBody; settings: string } | null = null;
  /** A write to IndexedDB not yet committed, written whole to localStorage by `flush`. */
  #unsaved: { seq: number; body: DraftBody; settings: DraftSettings } | null = null;
  /** IndexedDB writes, one after the other, never before its copy has been read (`readDb`). */
  #dbQueue: Promise<unknown>;
  #dbReadDone: () => void = () => {};

  constructor(
    local: LocalBackend | null,
    db: DbBackend | null,
    opts: { localMaxChars?: number; now?: () => number; tab?: string; keepOther?: KeepOther } = {},
  ) {
    this.#local = local;
    this.#db = db;
    this.#localMax = opts.localMaxChars ?? LOCAL_MAX_CHARS;
    this.#now = opts.now ?? Date.now;
    this.tab = opts.tab ?? newTabId();
    this.#keepOther = opts.keepOther ?? null;
    this.#dbQueue = new Promise<void>((ok) => (this.#dbReadDone = ok));
  }

  #nextSeq(): number {
    this.#seq = Math.max(this.#seq + 1, this.#now());
    return this.#seq;
  }

  /** What localStorage holds, read synchronously; null when nothing (or nothing readable). */
  readLocal(): LocalDraft | null {
    let text: string | null = null;
    try {
      text = this.#local?.get() ?? null;
    } catch {
      return null;
    }
    if (!text) return null;
    let saved: Record<string, unknown>;
    try {
      saved = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return null;
    }
    if (!saved || typeof saved !== "object" || !("draft" in saved)) return null;
    const seq = seqOf(saved);
    this.#seq = Math.max(this.#seq, seq);
    this.#localSeq = seq;
    this.#seen = { seq, tab: typeof saved.tab === "string" ? saved.tab : null };
    const settings = settingsOf(saved);
    const inDb = saved.draftInBackup === true;
    const draftText = inDb ? null : draftTextOf(text);
    if (draftText !== null) this.#held = { body: { text: draftText }, settings: settingsKey(settings) };
    return { seq, savedAt: typeof saved.savedAt === "number" ? saved.savedAt : 0, settings, inDb, draft: inDb ? null : saved.draft, draftText };
  }

  /**
   * IndexedDB's copy when a reload should take it over `local` (what `readLocal` gave): when it is
   * newer, or when localStorage only points to it. Null otherwise (or unreadable). Writes to
   * IndexedDB wait for this read.
   */
  async readDb(local: LocalDraft | null): Promise<FoundDraft | null> {
    try {
      const d = this.#db ? await this.#db.get() : null;
      if (!d || typeof d !== "object") return null;
      const seq = seqOf(d);
      this.#seq = Math.max(this.#seq, seq);
      // localStorage's whole copy is as new or newer. (When it only points here, this copy is the draft,
      // even if older than the pointer says: IndexedDB was cleared and written again meanwhile.)
      if (local && !local.inDb && seq <= local.seq) return null;
      const body = bodyOf(d);
      if (!body) return null;
      const settings = settingsOf(d);
      this.#held = { body, settings: settingsKey(settings) };
      return { seq, settings, body };
    } catch {
      return null;
    } finally {
      this.#dbReadDone();
    }
  }

  /** Whether a write is waiting (for IndexedDB, or for another tab's copy to be kept): leaving the page now needs `flush`. */
  get unsaved(): boolean {
    return this.#unsaved !== null;
  }

  /**
   * Autosaves `body` with `settings`: localStorage when short enough (done on return), else
   * IndexedDB. When localStorage holds a copy another tab wrote since, that copy is kept first
   * (`keepOther`). Resolves true once stored, false when neither would take it.
   */
  write(body: DraftBody, settings: DraftSettings): Promise<boolean> {
    const key = settingsKey(settings);
    // Equal to the newest copy (stored, or on its way to IndexedDB).
    if (this.#held && this.#held.settings === key && sameBody(this.#held.body, body)) return Promise.resolve(true);
    const seq = this.#nextSeq();
    this.#held = { body, settings: key };
    if (this.#keeping || this.#other()) {
      this.#unsaved = { seq, body, settings };
      return this.#writeAfterKeeping(seq);
    }
    return this.#put(seq, body, settings);
  }

  #put(seq: number, body: DraftBody, settings: DraftSettings): Promise<boolean> {
    if (chars(body) <= this.#localMax || !this.#db) {
      this.#unsaved = null;
      if (this.#writeLocal(seq, body, settings)) return Promise.resolve(true);
    }
    this.#unsaved = { seq, body, settings };
    return this.#writeDb(seq, body, settings);
  }

  /** Keeps the other tab's copy, then writes this tab's newest waiting draft over it. */
  async #writeAfterKeeping(seq: number): Promise<boolean> {
    let kept = false;
    // A third copy may come while one is kept: each is kept in turn (a few at most).
    for (let round = 0; round < 4; round++) {
      kept = await this.#keepOthers();
      const u = this.#unsaved;
      // Superseded by a newer write (which writes once kept), or written by `flush`.
      if (!u || u.seq !== seq) return true;
      if (!kept) break;
      if (this.#other()) continue;
      // Numbered above the copy just kept, so that a reload takes this one.
      return this.#put(this.#nextSeq(), u.body, u.settings);
    }
    const u = this.#unsaved;
    if (!u || u.seq !== seq) return true;
    // The other copy could not be kept: this one goes beside it, else (no room there) over it.
    if (this.#writeAside(u.seq, u.body, u.settings)) {
      this.#unsaved = null;
      return true;
    }
    return this.#put(u.seq, u.body, u.settings);
  }

  /** Keeps the copy another tab left in localStorage, once however many writes wait for it; false when it could not be kept. */
  #keepOthers(): Promise<boolean> {
    this.#keeping ??= (async () => {
      const found = this.#other();
      if (!found) return true;
      const copy = await this.#otherCopy(found.head, found.text);
      let ok = copy === null;
      if (copy) {
        try {
          ok = await this.#keepOther!(copy);
        } catch {
          ok = false;
        }
      }
      if (ok) {
        this.#seen = { seq: found.head.seq, tab: found.head.tab };
        this.#seq = Math.max(this.#seq, found.head.seq, copy?.seq ?? 0);
      }
      return ok;
    })().finally(() => (this.#keeping = null));
    return this.#keeping;
  }

  /**
   * localStorage's copy (its head and text) when another tab wrote it since this tab last read, wrote
   * or kept one there; null otherwise, and always without a `keepOther`. Only the record's last
   * characters are read.
   */
  #other(): { head: Head; text: string } | null {
    if (!this.#keepOther || !this.#local) return null;
    let text: string | null;
    try {
      text = this.#local.get();
    } catch {
      return null;
    }
    const head = text ? headOf(text) : null;
    if (!head || head.tab === this.tab) return null;
    if (this.#seen && this.#seen.seq === head.seq && this.#seen.tab === head.tab) return null;
    return { head, text: text! };
  }

  /** The draft another tab's record holds: its own text, or IndexedDB's copy when it points there. Null when there is none left to keep. */
  async #otherCopy(head: Head, text: string): Promise<OtherDraft | null> {
    if (text.startsWith('{"draft":null,"draftInBackup":true,')) {
      let d: DbDraft | null = null;
      try {
        d = this.#db ? await this.#db.get() : null;
      } catch {
        return null;
      }
      // Replaced by this tab meanwhile, or gone.
      if (!d || typeof d !== "object" || d.tab === this.tab) return null;
      const body = bodyOf(d);
      return body ? { seq: seqOf(d), savedAt: typeof d.savedAt === "number" ? d.savedAt : head.savedAt, tab: head.tab, settings: settingsOf(d), body } : null;
    }
    const draftText = draftTextOf(text);
    if (draftText === null) return null;
    return { seq: head.seq, savedAt: head.savedAt, tab: head.tab, settings: recordSettings(text), body: { text: draftText } };
  }

  /**
   * Copies left beside the draft by pages that could not wait for another tab's copy to be kept
   * (this tab's own aside): each to be kept in Saved work, then removed (`removeAside`).
   */
  readAsides(): OtherDraft[] {
    let list: { tab: string; text: string }[];
    try {
      list = this.#local?.asides?.() ?? [];
    } catch {
      return [];
    }
    const out: OtherDraft[] = [];
    for (const { tab, text } of list) {
      const head = headOf(text);
      const draftText = draftTextOf(text);
      if (tab === this.tab || !head || draftText === null) continue;
      out.push({ seq: head.seq, savedAt: head.savedAt, tab, settings: recordSettings(text), body: { text: draftText } });
    }
    return out;
  }

  removeAside(tab: string): void {
    try {
      this.#local?.removeAside?.(tab);
    } catch {
      // Kept again by the next page, under the same entry.
    }
  }

  /** Writes `body` whole to localStorage now (leaving the page with an edit not yet autosaved). */
  writeNow(body: DraftBody, settings: DraftSettings): boolean {
    const key = settingsKey(settings);
    if (this.#held && this.#held.settings === key && sameBody(this.#held.body, body) && !this.#unsaved) return true;
    this.#held = { body, settings: key };
    this.#unsaved = null;
    return this.#writeSync(this.#nextSeq(), body, settings);
  }

  /** Writes a copy still waiting (for IndexedDB, or for another tab's copy to be kept) whole to localStorage, synchronously (the page is being left). */
  flush(): void {
    const u = this.#unsaved;
    if (!u) return;
    this.#unsaved = null;
    this.#writeSync(this.#nextSeq(), u.body, u.settings);
  }

  /** A write that cannot wait: beside the draft when it would replace another tab's copy not yet kept. */
  #writeSync(seq: number, body: DraftBody, settings: DraftSettings): boolean {
    if (this.#other() && this.#writeAside(seq, body, settings)) return true;
    return this.#writeLocal(seq, body, settings);
  }

  /** The record localStorage keeps: the same JSON as JSON.stringify({ draft, ...settings, savedAt, seq, tab }), without stringifying the draft again. */
  #record(seq: number, body: DraftBody, settings: DraftSettings): string {
    const { source, rawText, precision } = settings;
    return `{"draft":${wholeText(body)},${JSON.stringify({ source, rawText, precision, savedAt: this.#now(), seq, tab: this.tab }).slice(1)}`;
  }

  /** Whether this tab has a copy beside the draft (removed once the draft itself is written). */
  #aside = false;

  #writeAside(seq: number, body: DraftBody, settings: DraftSettings): boolean {
    if (!this.#local?.setAside) return false;
    try {
      this.#local.setAside(this.tab, this.#record(seq, body, settings));
      this.#aside = true;
      return true;
    } catch {
      return false;
    }
  }

  /** This tab's draft is stored: what it left beside the draft is older. */
  #dropAside(): void {
    if (!this.#aside) return;
    this.#aside = false;
    this.removeAside(this.tab);
  }

  #writeLocal(seq: number, body: DraftBody, settings: DraftSettings): boolean {
    if (!this.#local) return false;
    try {
      this.#local.set(this.#record(seq, body, settings));
      this.#localSeq = seq;
      this.#seen = { seq, tab: this.tab };
      this.#dropAside();
      return true;
    } catch {
      return false;
    }
  }

  #writeDb(seq: number, body: DraftBody, settings: DraftSettings): Promise<boolean> {
    const db = this.#db;
    if (!db) return Promise.resolve(false);
    const written = this.#dbQueue.then(async () => {
      // A newer write supersedes this one before it starts.
      if (this.#seq > seq && this.#unsaved?.seq !== seq) return this.#localSeq > seq;
      // Another tab's copy (its IndexedDB copy too, when localStorage points there) is kept before it is replaced.
      if (this.#other() && !(await this.#keepOthers()) && this.#unsaved?.seq === seq && this.#writeAside(seq, body, settings)) {
        this.#unsaved = null;
        return true;
      }
      if (this.#seq > seq && this.#unsaved?.seq !== seq) return this.#localSeq > seq;
      const savedAt = this.#now();
      try {
        await db.put({
          savedAt,
          seq,
          draft: null,
          ...("text" in body ? { draftText: body.text } : { draftJoined: joinParts(body.parts) }),
          source: settings.source,
          rawText: settings.rawText,
          precision: settings.precision,
          tab: this.tab,
        });
      } catch {
        // IndexedDB refused it: localStorage, whole, is the last place left.
        if (this.#unsaved?.seq === seq) this.flush();
        return this.#localSeq > seq;
      }
      if (this.#unsaved?.seq === seq) this.#unsaved = null;
      // localStorage says where the draft is, unless it already holds a newer copy (of this tab's, or
      // of another's written meanwhile and not yet kept: kept first).
      if (this.#localSeq < seq && this.#local) {
        if (this.#other()) await this.#keepOthers();
        try {
          const { source, rawText, precision } = settings;
          this.#local.set(JSON.stringify({ draft: null, draftInBackup: true, source, rawText, precision, savedAt, seq, tab: this.tab }));
          this.#localSeq = seq;
          this.#seen = { seq, tab: this.tab };
          this.#dropAside();
        } catch {
          // Its older copy stays; a reload takes IndexedDB's, the higher number.
        }
      }
      return true;
    });
    this.#dbQueue = written.catch(() => {});
    return written;
  }
}

/** A draft kept in parts as a value: the shell parsed, each product parsed a slice of `sliceMs` per task. */
export async function parseParts(parts: DraftParts, sliceMs: number): Promise<unknown> {
  const shell = JSON.parse(parts.shell) as Record<string, unknown>;
  const products: unknown[] = new Array(parts.products.length);
  let t0 = performance.now();
  for (let i = 0; i < parts.products.length; i++) {
    if (performance.now() - t0 > sliceMs) {
      await nextTask();
      t0 = performance.now();
    }
    products[i] = JSON.parse(parts.products[i]!);
  }
  for (const k of Object.keys(shell)) if (shell[k] === PRODUCTS_MARK) shell[k] = products;
  return shell;
}
