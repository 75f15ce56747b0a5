/** Runner defaults in one place. */

/** Wall time a chunk should take: long enough that messaging is negligible, short enough for smooth progress and prompt load balancing. */
export const TARGET_CHUNK_MS = 75;
/** Runs in each slot's first chunk: a handful, so the first partial result arrives within a few runs' time. */
export const FIRST_CHUNK_RUNS = 2;
/** Assumed speed before the first chunk is measured (product-days per second per worker). */
export const ASSUMED_PRODUCT_DAYS_PER_SECOND = 3_000_000;
/** Chunks per slot at least, so uneven chunks still balance across workers. */
export const MIN_CHUNKS_PER_SLOT = 4;
export const MAX_CHUNK_RUNS = 5_000;
export const PARTIAL_INTERVAL_MS = 250;
export const PRECISION_FIRST_BATCH = 200;
export const PRECISION_MAX_RUNS = 100_000;
export const PRECISION_METRIC = "profit" as const;
