import { describe, expect, it } from "vitest";
import { keyStep } from "../../src/ui/charts/keyStep.ts";

describe("keyStep", () => {
  it("keyStep(arrows) moves one item and clamps at the ends", () => {
    expect(keyStep("ArrowRight", false, 3, 10)).toBe(4);
    expect(keyStep("ArrowLeft", false, 3, 10)).toBe(2);
    expect(keyStep("ArrowLeft", false, 0, 10)).toBe(0);
    expect(keyStep("ArrowRight", false, 9, 10)).toBe(9);
    expect(keyStep("ArrowRight", false, -1, 10)).toBe(0);
  });
  it("keyStep(shift) moves shiftStep items", () => {
    expect(keyStep("ArrowRight", true, 3, 30, 7)).toBe(10);
    expect(keyStep("ArrowLeft", true, 3, 30, 7)).toBe(0);
    expect(keyStep("ArrowRight", true, 3, 30)).toBe(4);
  });
  it("keyStep(Home/End) jumps to the ends; other keys and empty charts give null", () => {
    expect(keyStep("Home", false, 5, 10)).toBe(0);
    expect(keyStep("End", false, 5, 10)).toBe(9);
    expect(keyStep("Enter", false, 5, 10)).toBeNull();
    expect(keyStep("ArrowRight", false, 0, 0)).toBeNull();
  });
});
