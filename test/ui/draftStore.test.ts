import { describe, expect, it } from "vitest";
import {
  DraftStore,
  joinParts,
  parseParts,
  PRODUCTS_MARK,
  splitParts,
  wholeText,
  type DbDraft,
  type DraftBody,
  type DraftSettings,
  type OtherDraft,
} from "../../src/ui/state/draftStore.ts";

/** localStorage in memory: a write longer than `quota` characters (or any, when `disabled`) throws. */
function memoryLocal(quota = Infinity) {
  const l = {
    value: null as string | null,
    quota,
    disabled: false,
    writes: 0,
    /** Each tab's slot beside the draft. */
    aside: new Map<string, string>(),
    get: () => l.value,
    set(text: string) {
      if (l.disabled || text.length > l.quota) throw new Error("QuotaExceededError");
      l.writes++;
      l.value = text;
    },
    setAside(tab: string, text: string) {
      if (l.disabled || text.length > l.quota) throw new Error("QuotaExceededError");
      l.aside.set(tab, text);
    },
    asides: () => [...l.aside].map(([tab, text]) => ({ tab, text })),
    removeAside: (tab: string) => void l.aside.delete(tab),
  };
  return l;
}

/**
 * IndexedDB in memory. A put commits at once ("auto"), when the test says (`commit`, "manual": the
 * page may be left meanwhile), or fails ("fail").
 */
function memoryDb(mode: "auto" | "manual" | "fail" = "auto") {
  const waiting: { d: DbDraft; ok: () => void; fail: (e: Error) => void }[] = [];
  const db = {
    record: null as DbDraft | null,
    mode,
    puts: 0,
    waiting,
    get: async () => (db.record ? structuredClone(db.record) : null),
    put(d: DbDraft): Promise<void> {
      db.puts++;
      if (db.mode === "fail") return Promise.reject(new Error("QuotaExceededError"));
      const copy = structuredClone(d);
      if (db.mode === "auto") {
        db.record = copy;
        return Promise.resolve();
      }
      return new Promise((ok, fail) =>
        waiting.push({
          d: copy,
          ok: () => {
            db.record = copy;
            ok();
          },
          fail,
        }),
      );
    },
    /** Commits the oldest waiting put. */
    async commit() {
      waiting.shift()!.ok();
      await settle();
    },
  };
  return db;
}

/** Lets queued promise callbacks run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

const settings: DraftSettings = { source: "custom", rawText: null, precision: null };

/** A catalogue of `n` products whose prices are `price`, in parts, as the app autosaves it. */
function catalogue(n: number, price = 10, name = "Catalogue"): DraftBody {
  const products = Array.from({ length: n }, (_, i) => JSON.stringify({ id: `p${i}`, price: i === 1 ? price : 10, notes: "x".repeat(40) }));
  return { parts: { shell: JSON.stringify({ name, products: PRODUCTS_MARK }), products } };
}
const small = (name: string): DraftBody => ({ text: JSON.stringify({ name, products: [{ id: "a", price: 1 }] }) });

/** What a reload takes: the store's copy in IndexedDB when it wins, else localStorage's whole copy. */
async function reload(local: ReturnType<typeof memoryLocal>, db: ReturnType<typeof memoryDb> | null, opts = {}) {
  const store = new DraftStore(local, db, { localMaxChars: 1000, ...opts });
  const l = store.readLocal();
  const found = await store.readDb(l);
  const text = found ? wholeText(found.body) : l && !l.inDb ? l.draftText : null;
  return { store, text: text === null ? null : (JSON.parse(text) as any), settings: found?.settings ?? l?.settings ?? null };
}

/** Time that stands still (every write in the same millisecond), or moves on by hand. */
function clock(t = 1_000_000) {
  const c = { t, now: () => c.t };
  return c;
}

describe("draft store", () => {
  it("keeps a short draft in localStorage at once, and a reload takes it", async () => {
    const local = memoryLocal();
    const db = memoryDb();
    const store = new DraftStore(local, db, { localMaxChars: 1000 });
    store.readLocal();
    await store.readDb(null);
    await expect(store.write(small("Mine"), settings)).resolves.toBe(true);
    expect(JSON.parse(local.value!).draft.name).toBe("Mine");
    expect(db.puts).toBe(0);
    expect((await reload(local, db)).text.name).toBe("Mine");
  });

  it("keeps a catalogue in IndexedDB, localStorage pointing to it only once it has committed", async () => {
    const local = memoryLocal();
    const db = memoryDb("manual");
    const store = new DraftStore(local, db, { localMaxChars: 1000 });
    await store.readDb(store.readLocal());
    await store.write(small("Before"), settings);
    const written = store.write(catalogue(50, 12), settings);
    await settle();
    expect(store.unsaved).toBe(true);
    // Not yet committed: localStorage still holds the draft before.
    expect(JSON.parse(local.value!).draft.name).toBe("Before");
    await db.commit();
    await expect(written).resolves.toBe(true);
    expect(store.unsaved).toBe(false);
    const pointer = JSON.parse(local.value!);
    expect(pointer.draft).toBeNull();
    expect(pointer.draftInBackup).toBe(true);
    expect(local.value!.length).toBeLessThan(200);
    const r = await reload(local, db);
    expect(r.text.products).toHaveLength(50);
    expect(r.text.products[1].price).toBe(12);
  });

  it("an edit whose IndexedDB write has not committed when the page is left is written to localStorage, and a reload takes it", async () => {
    const local = memoryLocal();
    const db = memoryDb("manual");
    const store = new DraftStore(local, db, { localMaxChars: 1000 });
    await store.readDb(store.readLocal());
    void store.write(catalogue(50, 10), settings);
    await settle();
    await db.commit();
    void store.write(catalogue(50, 19), settings);
    await settle();
    // The page goes away: its transaction never commits.
    store.flush();
    expect(store.unsaved).toBe(false);
    db.waiting.length = 0;
    const r = await reload(local, db);
    expect(r.text.products[1].price).toBe(19);
    // IndexedDB still holds the draft before the edit.
    expect(JSON.parse(wholeText({ parts: splitParts(db.record!.draftJoined!) })).products[1].price).toBe(10);
  });

  it("the write that commits after the page wrote localStorage does not point localStorage back to it", async () => {
    const local = memoryLocal();
    const db = memoryDb("manual");
    const store = new DraftStore(local, db, { localMaxChars: 1000 });
    await store.readDb(store.readLocal());
    void store.write(catalogue(50, 19), settings);
    await settle();
    store.flush();
    await db.commit();
    expect(JSON.parse(local.value!).draft.products[1].price).toBe(19);
    expect((await reload(local, db)).text.products[1].price).toBe(19);
  });

  it("an edit not yet handed to the store is written whole at once (writeNow), newer than IndexedDB's copy", async () => {
    const local = memoryLocal();
    const db = memoryDb();
    const store = new DraftStore(local, db, { localMaxChars: 1000 });
    await store.readDb(store.readLocal());
    await store.write(catalogue(50, 10), settings);
    expect(JSON.parse(local.value!).draftInBackup).toBe(true);
    expect(store.writeNow(catalogue(50, 23), settings)).toBe(true);
    const r = await reload(local, db);
    expect(r.text.products[1].price).toBe(23);
    // The next autosave goes to IndexedDB again and localStorage points there.
    const next = r.store;
    await next.write(catalogue(50, 24), settings);
    expect(JSON.parse(local.value!).draftInBackup).toBe(true);
    expect((await reload(local, db)).text.products[1].price).toBe(24);
  });

  it("every write outranks the ones before it, even within one millisecond and with the clock set back", async () => {
    const local = memoryLocal();
    const db = memoryDb();
    const c = clock();
    const store = new DraftStore(local, db, { localMaxChars: 1000, now: c.now });
    await store.readDb(store.readLocal());
    await store.write(catalogue(50, 11), settings);
    store.writeNow(catalogue(50, 12), settings);
    await store.write(catalogue(50, 13), settings);
    expect((await reload(local, db, { now: c.now })).text.products[1].price).toBe(13);
    c.t -= 60_000;
    const again = (await reload(local, db, { now: c.now })).store;
    again.writeNow(catalogue(50, 14), settings);
    expect((await reload(local, db, { now: c.now })).text.products[1].price).toBe(14);
    c.t -= 60_000;
    const third = (await reload(local, db, { now: c.now })).store;
    await third.write(catalogue(50, 15), settings);
    expect((await reload(local, db, { now: c.now })).text.products[1].price).toBe(15);
  });

  it("of two writes in quick succession only the newer reaches IndexedDB, and localStorage points to it", async () => {
    const local = memoryLocal();
    const db = memoryDb();
    const store = new DraftStore(local, db, { localMaxChars: 1000 });
    await store.readDb(store.readLocal());
    const a = store.write(catalogue(50, 31), settings);
    const b = store.write(catalogue(50, 32), settings);
    await Promise.all([a, b]);
    expect(db.puts).toBe(1);
    expect(JSON.parse(local.value!).seq).toBe(db.record!.seq);
    expect((await reload(local, db)).text.products[1].price).toBe(32);
  });

  it("writes nothing for a draft equal to the stored one, including the one read back", async () => {
    const local = memoryLocal();
    const db = memoryDb();
    const store = new DraftStore(local, db, { localMaxChars: 1000 });
    await store.readDb(store.readLocal());
    await store.write(catalogue(50, 10), settings);
    await store.write(catalogue(50, 10), settings);
    store.flush();
    expect(store.writeNow(catalogue(50, 10), settings)).toBe(true);
    expect([db.puts, local.writes]).toEqual([1, 1]);
    const r = await reload(local, db);
    await r.store.write(catalogue(50, 10), settings);
    expect([db.puts, local.writes]).toEqual([1, 1]);
    // Other settings are a change.
    await r.store.write(catalogue(50, 10), { ...settings, source: "default-shop" });
    expect(db.puts).toBe(2);
    expect((await reload(local, db)).settings?.source).toBe("default-shop");
  });

  it("without IndexedDB a catalogue goes to localStorage whole", async () => {
    const local = memoryLocal();
    const store = new DraftStore(local, null, { localMaxChars: 1000 });
    await store.readDb(store.readLocal());
    await expect(store.write(catalogue(50, 41), settings)).resolves.toBe(true);
    expect(store.unsaved).toBe(false);
    expect((await reload(local, null)).text.products[1].price).toBe(41);
  });

  it("when IndexedDB refuses a catalogue it goes to localStorage whole", async () => {
    const local = memoryLocal();
    const db = memoryDb("fail");
    const store = new DraftStore(local, db, { localMaxChars: 1000 });
    await store.readDb(store.readLocal());
    await expect(store.write(catalogue(50, 42), settings)).resolves.toBe(true);
    expect((await reload(local, db)).text.products[1].price).toBe(42);
  });

  it("when localStorage is full a short draft goes to IndexedDB, and a reload takes that newer copy", async () => {
    const local = memoryLocal();
    const db = memoryDb();
    const store = new DraftStore(local, db, { localMaxChars: 1000 });
    await store.readDb(store.readLocal());
    await store.write(small("Old"), settings);
    local.disabled = true;
    await expect(store.write(small("New"), settings)).resolves.toBe(true);
    expect(JSON.parse(local.value!).draft.name).toBe("Old");
    local.disabled = false;
    expect((await reload(local, db)).text.name).toBe("New");
  });

  it("when localStorage is full as the page is left, the IndexedDB write that commits still wins", async () => {
    const local = memoryLocal(1000);
    const db = memoryDb("manual");
    const store = new DraftStore(local, db, { localMaxChars: 1000 });
    await store.readDb(store.readLocal());
    await store.write(small("Old"), settings);
    void store.write(catalogue(50, 43), settings);
    await settle();
    store.flush();
    await db.commit();
    expect((await reload(local, db)).text.products[1].price).toBe(43);
  });

  it("never writes IndexedDB before its copy has been read", async () => {
    const local = memoryLocal();
    const db = memoryDb();
    db.record = { savedAt: 5, seq: 5, draft: null, draftText: JSON.stringify({ name: "Kept" }), source: "custom" };
    const store = new DraftStore(local, db, { localMaxChars: 1000 });
    const l = store.readLocal();
    const written = store.write(catalogue(50, 44), settings);
    await settle();
    expect(db.puts).toBe(0);
    const found = await store.readDb(l);
    expect(JSON.parse(wholeText(found!.body)).name).toBe("Kept");
    await written;
    expect(db.puts).toBe(1);
  });

  it("reads copies written before sequence numbers by their time", async () => {
    const local = memoryLocal();
    const db = memoryDb();
    local.value = JSON.stringify({ draft: { name: "Local" }, source: "custom", rawText: null, precision: null, savedAt: 100 });
    db.record = { savedAt: 50, draft: null, draftText: JSON.stringify({ name: "Older backup" }) };
    expect((await reload(local, db)).text.name).toBe("Local");
    db.record = { savedAt: 150, draft: null, draftText: JSON.stringify({ name: "Newer backup" }) };
    expect((await reload(local, db)).text.name).toBe("Newer backup");
  });

  it("a pointer whose IndexedDB copy is gone gives nothing, and an older copy there is taken rather than nothing", async () => {
    const local = memoryLocal();
    const db = memoryDb();
    local.value = JSON.stringify({ draft: null, draftInBackup: true, source: "custom", rawText: null, precision: null, savedAt: 100, seq: 100 });
    expect((await reload(local, db)).text).toBeNull();
    db.record = { savedAt: 90, seq: 90, draft: null, draftText: JSON.stringify({ name: "Older" }) };
    expect((await reload(local, db)).text.name).toBe("Older");
  });

  it("unreadable localStorage text is no draft", async () => {
    const local = memoryLocal();
    local.value = "{not json";
    expect((await reload(local, memoryDb())).text).toBeNull();
  });

  it("keeps a catalogue's parts in IndexedDB as one text and where each product ends, and reads copies kept as a list of texts", async () => {
    const body = catalogue(30, 9);
    if (!("parts" in body)) throw new Error("parts expected");
    const joined = joinParts(body.parts);
    expect(joined.ends).toBeInstanceOf(Uint32Array);
    expect(splitParts(joined)).toEqual(body.parts);
    expect(splitParts(joinParts({ shell: "{}", products: [] }))).toEqual({ shell: "{}", products: [] });
    const local = memoryLocal();
    const db = memoryDb();
    const store = new DraftStore(local, db, { localMaxChars: 1000 });
    await store.readDb(store.readLocal());
    await store.write(body, settings);
    expect(db.record!.draftJoined!.text).toBe(body.parts.products.join(""));
    expect((await reload(local, db)).text.products[1].price).toBe(9);
    // As written before: a list of texts.
    db.record = { ...db.record!, draftJoined: undefined, draftParts: body.parts };
    expect((await reload(local, db)).text.products[1].price).toBe(9);
    // A damaged joined copy is not read as a draft.
    db.record = { ...db.record!, draftParts: undefined, draftJoined: { ...joined, text: joined.text.slice(1) } };
    expect((await reload(local, db)).text).toBeNull();
  });

  it("reads a catalogue's parts back as the draft value", async () => {
    const body = catalogue(100, 7);
    if (!("parts" in body)) throw new Error("parts expected");
    const value = (await parseParts(body.parts, 0)) as { name: string; products: { price: number }[] };
    expect(value).toEqual(JSON.parse(wholeText(body)));
    expect(value.products[1]!.price).toBe(7);
  });
});

/**
 * Saved work in memory: what `keepOther` was given, by tab (one entry per other tab, the newer copy
 * replacing the older). "auto" keeps at once, "manual" when the test says, "fail" never.
 */
function memoryKeeper(mode: "auto" | "manual" | "fail" = "auto") {
  const waiting: { d: OtherDraft; ok: () => void }[] = [];
  const k = {
    mode,
    kept: new Map<string, OtherDraft>(),
    calls: 0,
    waiting,
    keep(d: OtherDraft): Promise<boolean> {
      k.calls++;
      if (k.mode === "fail") return Promise.reject(new Error("QuotaExceededError"));
      if (k.mode === "auto") {
        k.kept.set(d.tab, d);
        return Promise.resolve(true);
      }
      return new Promise((ok) => waiting.push({ d, ok: () => (k.kept.set(d.tab, d), ok(true)) }));
    },
    /** The kept copies' drafts, parsed. */
    drafts: () => [...k.kept.values()].map((d) => JSON.parse(wholeText(d.body))),
    async release() {
      waiting.shift()!.ok();
      await settle();
    },
  };
  return k;
}

/** A tab of the app opening: its store reads what storage holds. */
async function openTab(local: ReturnType<typeof memoryLocal>, db: ReturnType<typeof memoryDb> | null, keeper: ReturnType<typeof memoryKeeper>, tab: string) {
  const store = new DraftStore(local, db, { localMaxChars: 1000, tab, keepOther: (d) => keeper.keep(d) });
  await store.readDb(store.readLocal());
  return store;
}

/** Two tabs, "tab-a" and "tab-b", opened on the same storage, with a keeper for the other tab's drafts. */
async function twoTabs(keeperMode: "auto" | "manual" | "fail" = "auto") {
  const local = memoryLocal();
  const db = memoryDb();
  const keeper = memoryKeeper(keeperMode);
  const a = await openTab(local, db, keeper, "tab-a");
  const b = await openTab(local, db, keeper, "tab-b");
  return { local, db, keeper, a, b };
}

describe("draft store, with the app open in two tabs", () => {
  it("a tab writing over a draft another tab wrote since keeps that draft first; a reload takes the newer, the other is kept", async () => {
    const { local, db, keeper, a, b } = await twoTabs();
    await a.write(small("From A"), settings);
    expect(keeper.calls).toBe(0);
    await expect(b.write(small("From B"), settings)).resolves.toBe(true);
    expect(keeper.drafts().map((d) => d.name)).toEqual(["From A"]);
    expect(keeper.kept.get("tab-a")!.tab).toBe("tab-a");
    expect((await reload(local, db)).text.name).toBe("From B");
    // B goes on typing over its own copy: nothing more is kept.
    await b.write(small("From B, more"), settings);
    expect(keeper.calls).toBe(1);
    // A types again: B's newest draft is kept before A's replaces it.
    await a.write(small("From A, again"), settings);
    expect(keeper.kept.get("tab-b") && JSON.parse(wholeText(keeper.kept.get("tab-b")!.body)).name).toBe("From B, more");
    expect((await reload(local, db)).text.name).toBe("From A, again");
    expect(keeper.calls).toBe(2);
  });

  it("one tab alone never keeps anything, whatever it writes", async () => {
    const local = memoryLocal();
    const db = memoryDb();
    const keeper = memoryKeeper();
    const a = await openTab(local, db, keeper, "tab-a");
    await a.write(small("One"), settings);
    await a.write(catalogue(50, 11), settings);
    a.writeNow(catalogue(50, 12), settings);
    await a.write(small("Two"), settings);
    void a.write(catalogue(50, 13), settings);
    a.flush();
    await settle();
    // A reload of the same tab (a new page, a new id) reads the copy and goes on over it.
    const again = await openTab(local, db, keeper, "tab-a2");
    await again.write(small("Three"), settings);
    expect(keeper.calls).toBe(0);
    expect((await reload(local, db)).text.name).toBe("Three");
  });

  it("the write waits until the other draft is kept, and later edits in the meantime are written once", async () => {
    const { local, db, keeper, a, b } = await twoTabs("manual");
    await a.write(small("From A"), settings);
    const first = b.write(small("B 1"), settings);
    const second = b.write(small("B 2"), settings);
    await settle();
    expect(b.unsaved).toBe(true);
    expect(JSON.parse(local.value!).draft.name).toBe("From A");
    expect(keeper.calls).toBe(1);
    await keeper.release();
    await expect(Promise.all([first, second])).resolves.toEqual([true, true]);
    expect(b.unsaved).toBe(false);
    expect(keeper.drafts().map((d) => d.name)).toEqual(["From A"]);
    expect((await reload(local, db)).text.name).toBe("B 2");
  });

  it("keeps another tab's catalogue from IndexedDB, in parts, before writing over the pointer to it", async () => {
    const { local, db, keeper, a, b } = await twoTabs();
    await a.write(catalogue(50, 17, "A's catalogue"), settings);
    expect(JSON.parse(local.value!).draftInBackup).toBe(true);
    await b.write(small("B's shop"), settings);
    const kept = keeper.kept.get("tab-a")!;
    expect("parts" in kept.body).toBe(true);
    expect(JSON.parse(wholeText(kept.body)).products[1].price).toBe(17);
    expect((await reload(local, db)).text.name).toBe("B's shop");
    // And the other way round: A's next catalogue write keeps B's draft first, then points to its own.
    await a.write(catalogue(50, 18, "A's catalogue"), settings);
    expect(JSON.parse(wholeText(keeper.kept.get("tab-b")!.body)).name).toBe("B's shop");
    expect((await reload(local, db)).text.products[1].price).toBe(18);
  });

  it("a catalogue written to IndexedDB over another tab's catalogue keeps that one first", async () => {
    const { local, db, keeper, a, b } = await twoTabs();
    await a.write(catalogue(50, 21, "A"), settings);
    await b.write(catalogue(50, 22, "B"), settings);
    expect(JSON.parse(wholeText(keeper.kept.get("tab-a")!.body)).products[1].price).toBe(21);
    const r = await reload(local, db);
    expect([r.text.name, r.text.products[1].price]).toEqual(["B", 22]);
  });

  it("leaving the page while the other draft is being kept puts this tab's draft beside it, and the next page finds both", async () => {
    const { local, db, keeper, a, b } = await twoTabs("manual");
    await a.write(small("From A"), settings);
    void b.write(small("From B"), settings);
    await settle();
    b.flush();
    expect(JSON.parse(local.value!).draft.name).toBe("From A");
    const next = await openTab(local, db, memoryKeeper(), "tab-c");
    expect((await reload(local, db)).text.name).toBe("From A");
    const asides = next.readAsides();
    expect(asides.map((d) => [d.tab, JSON.parse(wholeText(d.body)).name])).toEqual([["tab-b", "From B"]]);
    next.removeAside("tab-b");
    expect(next.readAsides()).toEqual([]);
  });

  it("a catalogue's edit written as the page is left does not replace another tab's copy either", async () => {
    const local = memoryLocal(100_000);
    const db = memoryDb();
    const keeper = memoryKeeper();
    const a = await openTab(local, db, keeper, "tab-a");
    const b = await openTab(local, db, keeper, "tab-b");
    await a.write(small("From A"), settings);
    expect(b.writeNow(catalogue(50, 23, "B"), settings)).toBe(true);
    expect(JSON.parse(local.value!).draft.name).toBe("From A");
    expect(JSON.parse(local.aside.get("tab-b")!).draft.products[1].price).toBe(23);
    // B's next write keeps A's draft, writes its own, and its copy beside is no longer needed.
    await b.write(catalogue(50, 24, "B"), settings);
    expect(keeper.drafts().map((d) => d.name)).toEqual(["From A"]);
    expect(local.aside.size).toBe(0);
    expect((await reload(local, db)).text.products[1].price).toBe(24);
  });

  it("when the other draft cannot be kept, this tab's goes beside it rather than over it", async () => {
    const { local, db, keeper, a, b } = await twoTabs("fail");
    await a.write(small("From A"), settings);
    await expect(b.write(small("From B"), settings)).resolves.toBe(true);
    expect(JSON.parse(local.value!).draft.name).toBe("From A");
    expect(JSON.parse(local.aside.get("tab-b")!).draft.name).toBe("From B");
  });

  it("a copy from a tab that opened before copies named their tab is read as before and written over", async () => {
    const local = memoryLocal();
    const db = memoryDb();
    const keeper = memoryKeeper();
    const a = await openTab(local, db, keeper, "tab-a");
    local.value = JSON.stringify({ draft: { name: "Old page" }, source: "custom", rawText: null, precision: null, savedAt: 5, seq: 5 });
    await a.write(small("Mine"), settings);
    expect(keeper.calls).toBe(0);
    expect((await reload(local, db)).text.name).toBe("Mine");
  });

  it("keeps the other tab's settings with its draft: raw JSON text that did not parse is not lost", async () => {
    const { local, db, keeper, a, b } = await twoTabs();
    await a.write(small("From A"), { source: "custom", rawText: '{"name": "half typed', precision: null });
    await b.write(small("From B"), settings);
    expect(keeper.kept.get("tab-a")!.settings.rawText).toBe('{"name": "half typed');
  });
});
