/** The rules compiled policies run as (src/engine/policy.ts orderQuantity); each policy kind compiles to one. */
export const PolicyCode = {
  /** Order up to a level (baseStock, or safetyStock without orderQuantity: level = reorder point). */
  OrderUpTo: 0,
  /** (s, S): when IP ≤ s, order up to S. */
  SS: 1,
  /** (r, nQ): when IP ≤ r, order the smallest multiple of Q that lifts IP above r. */
  RQ: 2,
} as const;
export type PolicyCode = (typeof PolicyCode)[keyof typeof PolicyCode];
