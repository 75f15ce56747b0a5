/**
 * The check of an order waiting past its quote (src/engine/dayEvents.ts): `noCancelBefore` answers
 * "surely not before this day" only when the cancellation day worked out with logarithms is indeed
 * that day or later, and answers it for nearly every order whose day is well past.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileScenario } from "../../src/engine/compile.ts";
import { cancelDayAtCheck, noCancelBefore } from "../../src/engine/dayEvents.ts";
import { product, scenario } from "./fixtures.ts";

const compiled = (h1: number, h2: number) =>
  compileScenario(scenario([product("a", { customers: { cancelHazardPerDay: h1, lateCancelHazardPerDay: h2 } })])).products[0];

describe("noCancelBefore", () => {
  it("is never sure of a day the cancellation comes before", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 300 }),
        (h1, h2, key, orderDay, index, wait, ahead) => {
          const prod = compiled(h1, h2);
          const quote = orderDay + wait;
          const day = quote + 1 + ahead;
          const cancel = cancelDayAtCheck(prod, key, orderDay, index, quote);
          if (noCancelBefore(prod, key, orderDay, index, quote, day)) expect(cancel).toBeGreaterThanOrEqual(day);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("is sure for nearly every order whose cancellation comes two days later or more", () => {
    const prod = compiled(0.01, 0.05);
    let later = 0;
    let sure = 0;
    for (let key = 1; key < 4000; key++) {
      const quote = 20;
      const day = quote + 8;
      const cancel = cancelDayAtCheck(prod, key * 2654435761, 10, key % 7, quote);
      if (cancel >= day + 2) {
        later++;
        if (noCancelBefore(prod, key * 2654435761, 10, key % 7, quote, day)) sure++;
      }
    }
    expect(later).toBeGreaterThan(1000);
    expect(sure).toBe(later);
  });
});
