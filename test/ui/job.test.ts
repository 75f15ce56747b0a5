import { describe, expect, it } from "vitest";
import { cancelled, errorMessage, failed, finished, IDLE, reported, started, timeLeftMs, type JobState } from "../../src/ui/state/job.ts";

type P = { done: number };

describe("job state machine", () => {
  it("runs idle → running → done, keeping the latest report and the time taken", () => {
    let s: JobState<P> = IDLE;
    s = reported(s, 10, { done: 1 });
    expect(s).toBe(IDLE); // only a running job takes reports
    s = started<P>(1000);
    expect(s).toMatchObject({ status: "running", progress: null, step: "", overall: null, elapsedMs: 0 });
    s = reported(s, 1500, { done: 3 }, "refine", 0.25);
    expect(s).toMatchObject({ status: "running", progress: { done: 3 }, step: "refine", overall: 0.25, elapsedMs: 500 });
    s = reported(s, 1700, { done: 4 });
    expect(s).toMatchObject({ step: "refine", overall: null, elapsedMs: 700 }); // step kept, share unknown
    s = finished(s, 2000);
    expect(s).toEqual({ status: "done", elapsedMs: 1000 });
    expect(reported(s, 2100, { done: 5 })).toBe(s);
  });

  it("cancels and fails with the error's message and the reason for a refusal", () => {
    expect(cancelled(started<P>(100), 350)).toEqual({ status: "cancelled", elapsedMs: 250 });
    expect(cancelled(IDLE, 350)).toEqual({ status: "cancelled", elapsedMs: null });
    expect(failed("no products")).toEqual({ status: "failed", error: "no products" });
    expect(failed("too long", "tooBig")).toEqual({ status: "failed", error: "too long", reason: "tooBig" });
    expect(errorMessage(new RangeError("bad level"))).toBe("bad level");
    expect(errorMessage("plain")).toBe("plain");
  });

  it("tells the time left from the share done, once 2 % and 2 s are done", () => {
    const at = (elapsedMs: number, overall: number | null): JobState<P> => reported(started<P>(0), elapsedMs, { done: 0 }, undefined, overall ?? undefined);
    expect(timeLeftMs(at(4000, 0.25))).toBeCloseTo(12_000, 9); // 4 s for a quarter: 12 s for the rest
    expect(timeLeftMs(at(1999, 0.5))).toBeNull();
    expect(timeLeftMs(at(5000, 0.01))).toBeNull();
    expect(timeLeftMs(at(5000, 1))).toBeNull();
    expect(timeLeftMs(at(5000, null))).toBeNull();
    expect(timeLeftMs(finished(at(5000, 0.5), 6000))).toBeNull();
  });
});
