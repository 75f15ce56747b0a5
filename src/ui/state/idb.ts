/**
 * The app's IndexedDB plumbing (through `idb`), shared by Saved work and the kept last result: a
 * database opened once and reopened when another tab upgrades it or the browser closes it, and
 * writes that resolve only once their transaction has committed (what survives a reload or crash).
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPObjectStore, type StoreNames } from "idb";

/**
 * A function that opens the database `name` at `version` once and hands out the open connection.
 * `upgrade` creates the stores; an open that fails is retried on the next call, its error passed
 * through `failure` (default: as it is).
 */
export function database<S extends DBSchema>(
  name: string,
  version: number,
  upgrade: (d: IDBPDatabase<S>) => void,
  failure: (e: unknown) => unknown = (e) => e,
): () => Promise<IDBPDatabase<S>> {
  let open: Promise<IDBPDatabase<S>> | null = null;
  return () => {
    open ??= openDB<S>(name, version, {
      upgrade: (d) => upgrade(d),
      // Another tab opened a newer version: close so it can upgrade; the next call reopens.
      blocking() {
        void open?.then((d) => d.close());
        open = null;
      },
      terminated() {
        open = null;
      },
    }).catch((e) => {
      open = null;
      throw failure(e);
    });
    return open;
  };
}

/** Changes one store in a read-write transaction; resolves when the transaction has committed. */
export async function write<S extends DBSchema, N extends StoreNames<S>>(
  db: IDBPDatabase<S>,
  store: N,
  change: (s: IDBPObjectStore<S, [N], N, "readwrite">) => Promise<unknown>,
): Promise<void> {
  const tx = db.transaction(store, "readwrite");
  await Promise.all([change(tx.store), tx.done]);
}
