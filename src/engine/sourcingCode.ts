/** The rules compiled sourcings run as (src/engine/replenish.ts placeOrders); each sourcing kind compiles to one. */
export const SourcingCode = {
  /** Every order to one supplier. */
  Single: 0,
  /** To the primary, or to the backup under the expedite rules. */
  Backup: 1,
  /** Each order divided between suppliers by share (largest remainder). */
  Split: 2,
} as const;
export type SourcingCode = (typeof SourcingCode)[keyof typeof SourcingCode];
