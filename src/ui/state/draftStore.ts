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
 * Pure of the browser: localStorage and IndexedDB are reached through the two backends, so every
 * ordering is tested with backends in memory (test/ui/draftStore.test.ts).
 */

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
}

export interface LocalBackend {
  get(): string | null;
  /** Throws when the text cannot be stored (quota, disabled). */
  set(text: string): void;
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

export class DraftStore {
  readonly #local: LocalBackend | null;
  readonly #db: DbBackend | null;
  readonly #localMax: number;
  readonly #now: () => number;
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

  constructor(local: LocalBackend | null, db: DbBackend | null, opts: { localMaxChars?: number; now?: () => number } = {}) {
    this.#local = local;
    this.#db = db;
    this.#localMax = opts.localMaxChars ?? LOCAL_MAX_CHARS;
    this.#now = opts.now ?? Date.now;
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
      let body: DraftBody;
      if (isJoined(d.draftJoined)) body = { parts: splitParts(d.draftJoined) };
      else if (d.draftParts && typeof d.draftParts.shell === "string" && Array.isArray(d.draftParts.products)) body = { parts: d.draftParts };
      else if (typeof d.draftText === "string") body = { text: d.draftText };
      else if (d.draft !== undefined && d.draft !== null) body = { text: JSON.stringify(d.draft) };
      else return null;
      const settings = settingsOf(d);
      this.#held = { body, settings: settingsKey(settings) };
      return { seq, settings, body };
    } catch {
      return null;
    } finally {
      this.#dbReadDone();
    }
  }

  /** Whether a write is waiting for IndexedDB (leaving the page now needs `flush`). */
  get unsaved(): boolean {
    return this.#unsaved !== null;
  }

  /**
   * Autosaves `body` with `settings`: localStorage when short enough (done on return), else
   * IndexedDB. Resolves true once stored, false when neither would take it.
   */
  write(body: DraftBody, settings: DraftSettings): Promise<boolean> {
    const key = settingsKey(settings);
    // Equal to the newest copy (stored, or on its way to IndexedDB).
    if (this.#held && this.#held.settings === key && sameBody(this.#held.body, body)) return Promise.resolve(true);
    const seq = this.#nextSeq();
    this.#held = { body, settings: key };
    if (chars(body) <= this.#localMax || !this.#db) {
      this.#unsaved = null;
      if (this.#writeLocal(seq, body, settings)) return Promise.resolve(true);
    }
    this.#unsaved = { seq, body, settings };
    return this.#writeDb(seq, body, settings);
  }

  /** Writes `body` whole to localStorage now (leaving the page with an edit not yet autosaved). */
  writeNow(body: DraftBody, settings: DraftSettings): boolean {
    const key = settingsKey(settings);
    if (this.#held && this.#held.settings === key && sameBody(this.#held.body, body) && !this.#unsaved) return true;
    this.#held = { body, settings: key };
    this.#unsaved = null;
    return this.#writeLocal(this.#nextSeq(), body, settings);
  }

  /** Writes a copy still waiting for IndexedDB whole to localStorage, synchronously (the page is being left). */
  flush(): void {
    const u = this.#unsaved;
    if (!u) return;
    this.#unsaved = null;
    this.#writeLocal(this.#nextSeq(), u.body, u.settings);
  }

  #writeLocal(seq: number, body: DraftBody, settings: DraftSettings): boolean {
    if (!this.#local) return false;
    try {
      // The same JSON as JSON.stringify({ draft, ...settings, savedAt, seq }), without stringifying the draft again.
      this.#local.set(`{"draft":${wholeText(body)},${JSON.stringify({ ...settings, savedAt: this.#now(), seq }).slice(1)}`);
      this.#localSeq = seq;
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
        });
      } catch {
        // IndexedDB refused it: localStorage, whole, is the last place left.
        if (this.#unsaved?.seq === seq) this.flush();
        return this.#localSeq > seq;
      }
      if (this.#unsaved?.seq === seq) this.#unsaved = null;
      // localStorage says where the draft is, unless it already holds a newer copy.
      if (this.#localSeq < seq && this.#local) {
        try {
          this.#local.set(JSON.stringify({ draft: null, draftInBackup: true, ...settings, savedAt, seq }));
          this.#localSeq = seq;
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
      await new Promise((r) => setTimeout(r, 0));
      t0 = performance.now();
    }
    products[i] = JSON.parse(parts.products[i]!);
  }
  for (const k of Object.keys(shell)) if (shell[k] === PRODUCTS_MARK) shell[k] = products;
  return shell;
}
