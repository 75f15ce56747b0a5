import { describe, expect, it } from "vitest";
import { DIST_FIELDS, distOfKind } from "../../src/ui/editor/distDefaults.ts";
import { distMean } from "../../src/engine/dists.ts";
import type { Dist, DistKind } from "../../src/engine/scenario.ts";

const KINDS = Object.keys(DIST_FIELDS) as DistKind[];

describe("distOfKind", () => {
  // Invariant: switching a distribution's kind keeps its centre, so a lead time of ~21 days stays ~21 days.
  it.each(KINDS)("distOfKind(%s, lognormal mean 21) has mean 21", (kind) => {
    const d = distOfKind(kind, { kind: "lognormal", mean: 21, sd: 6 }) as unknown as Dist;
    expect(d.kind).toBe(kind);
    expect(distMean(d)).toBeCloseTo(21, 6);
  });

  it("distOfKind gives every parameter field the editor shows", () => {
    for (const kind of KINDS) {
      const d = distOfKind(kind, { kind: "fixed", value: 4 });
      for (const f of DIST_FIELDS[kind]) expect(typeof d[f.key]).toBe("number");
    }
  });

  it("distOfKind does not mutate the old distribution", () => {
    const old = { kind: "uniform", min: 2, max: 6 };
    distOfKind("normal", old);
    expect(old).toEqual({ kind: "uniform", min: 2, max: 6 });
  });

  it("distOfKind starts from 1 when the old value is not a distribution", () => {
    expect(distOfKind("exponential", "abc")).toEqual({ kind: "exponential", mean: 1 });
  });
});
