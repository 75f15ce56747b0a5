import { describe, expect, it } from "vitest";
import {
  backorderOptions,
  backorderReason,
  backordersCode,
  chooseOption,
  DEFAULT_GUARDRAILS,
  guardrailBreaches,
  guardrailProblem,
  recommendBackorders,
  suggestedQuoteBuffer,
  worthwhileGain,
  type BackorderOption,
} from "../../src/analysis/recommend.ts";
import { createInThreadRunner } from "../../src/runner/inThread.ts";
import { backorderReasonText, backordersText, breachesText } from "../../src/present/backorderWords.ts";
import { parsed, patienceShopJson } from "./fixtures/decisionScenarios.ts";

describe("recommendBackorders", () => {
  it("recommendBackorders keeps backorders for patient customers and refuses them when customers cancel fast", async () => {
    // Both products are under-stocked the same way (level 40 against ~64 units of demand over lead
    // time plus review), so most orders find no stock; only the customers' patience differs.
    const s = parsed(patienceShopJson());
    const r = await recommendBackorders(createInThreadRunner(), s, { runs: 20 });
    expect(Object.keys(r.products)).toEqual(["patient", "impatient"]);

    const patient = r.products.patient;
    expect(patient.recommended).toEqual({ mode: "allow" });
    expect(backorderReasonText(patient.name, patient.why, r.currency)).toMatch(/^Keep selling patient on backorder/);
    const allow = patient.options.find((o) => o.backorders.mode === "allow")!;
    // A patient customer who waits is a sale kept: backordering clearly beats refusing.
    expect(allow.profitVsDeny.ci95[0]).toBeGreaterThan(0);

    const impatient = r.products.impatient;
    expect(impatient.recommended).toEqual({ mode: "deny" });
    const allowImpatient = impatient.options.find((o) => o.backorders.mode === "allow")!;
    expect(allowImpatient.withinGuardrails).toBe(false);
    // Half cancel on each waiting day: far more than 15 % of the customers asked to wait cancel.
    expect(allowImpatient.total.backorderCancellationRate.mean).toBeGreaterThan(0.15);
    expect(breachesText(allowImpatient.breaches).join(" ")).toMatch(/customers asked to wait cancel/);
    expect(backorderReasonText(impatient.name, impatient.why, r.currency)).toMatch(/impatient/);
  });

  it("recommendBackorders quotes with a buffer when random lead times break the plain quote's promises", async () => {
    // Patient customers, a supplier whose lead time is gamma(20, sd 8): the expected restock date is
    // missed about half the time, two sd later about one time in twenty.
    const json = patienceShopJson();
    json.products = [json.products[0]];
    json.suppliers[0].leadTimeDays = { kind: "gamma", mean: 20, sd: 8 };
    json.products[0].policy = { kind: "baseStock", orderUpTo: 60, reviewPeriodDays: 7 };
    const s = parsed(json);
    expect(suggestedQuoteBuffer(s, s.products[0])).toBe(8);
    const r = await recommendBackorders(createInThreadRunner(), s, { runs: 20, buffers: [0, 16] });
    const p = r.products.patient;
    const plain = p.options.find((o) => backordersText(o.backorders) === "allow")!;
    const buffered = p.options.find((o) => backordersText(o.backorders) === "allow, quote +16 d")!;
    expect(plain.total.promiseKeptRate.mean).toBeLessThan(0.8);
    expect(plain.withinGuardrails).toBe(false);
    expect(buffered.total.promiseKeptRate.mean).toBeGreaterThan(plain.total.promiseKeptRate.mean);
    expect(p.recommended.mode).not.toBe("deny");
    expect(p.recommended).toHaveProperty("quoteBufferDays", 16);
    expect(backorderReasonText(p.name, p.why, r.currency)).toMatch(/quoting 16 days beyond the expected restock date/);
  });

  it("recommendBackorders keeps the other products as they are while it varies one", async () => {
    const s = parsed(patienceShopJson());
    const r = await recommendBackorders(createInThreadRunner(), s, { runs: 5, products: ["impatient"] });
    expect(Object.keys(r.products)).toEqual(["impatient"]);
    // A fixed lead time suggests no buffer, so each wait rule is tried once.
    expect(r.products.impatient.options.map((o) => o.code)).toEqual(["deny", "allow", "cap7", "cap14", "cap28", "cap56"]);
  });

  it("recommendBackorders rejects unknown products and guardrails outside 0..1", async () => {
    const s = parsed(patienceShopJson());
    const runner = createInThreadRunner();
    await expect(recommendBackorders(runner, s, { runs: 2, products: ["sofa"] })).rejects.toThrow(/no product 'sofa'/);
    await expect(recommendBackorders(runner, s, { runs: 2, guardrails: { maxCancellationRate: 10 } })).rejects.toThrow(/fraction/);
    await expect(recommendBackorders(runner, s, { runs: 2, buffers: [-1] })).rejects.toThrow(/quote buffers/);
  });
});

describe("choice helpers", () => {
  it("backorderOptions puts deny first and adds the current setting when it is not a default", () => {
    expect(backorderOptions({ mode: "allow" }).map((b) => b.mode)).toEqual(["deny", "allow", "cap", "cap", "cap", "cap"]);
    expect(backorderOptions({ mode: "cap", maxQuotedWaitDays: 21 }).at(-1)).toEqual({ mode: "cap", maxQuotedWaitDays: 21 });
    // A buffer of 0 written out is the plain setting, not an extra option.
    expect(backorderOptions({ mode: "allow", quoteBufferDays: 0 })).toHaveLength(6);
  });

  it("backorderOptions tries every wait rule with every quote buffer, plain first", () => {
    const options = backorderOptions({ mode: "allow", quoteBufferDays: 5 }, [14], [10]);
    expect(options.map(backordersCode)).toEqual(["deny", "allow", "allow+10", "cap14", "cap14+10", "allow+5"]);
    expect(options.map(backordersText)).toEqual(["deny", "allow", "allow, quote +10 d", "cap 14 d", "cap 14 d, quote +10 d", "allow, quote +5 d"]);
    expect(backordersCode({ mode: "cap", maxQuotedWaitDays: 14, maxBacklogUnits: 5, quoteBufferDays: 0 })).toBe("cap14/5");
    expect(backordersText({ mode: "cap", maxQuotedWaitDays: 14, maxBacklogUnits: 5, quoteBufferDays: 3 })).toBe("cap 14 d, ≤ 5 units, quote +3 d");
  });

  const summary = (mean: number) => ({ mean, sd: 0, se: 0, ci95: [mean, mean] as [number, number], p05: mean, p50: mean, p95: mean, min: mean, max: mean });
  const option = (mode: "deny" | "allow", profit: number, cancel: number, promise: number): BackorderOption => {
    // `cancel` is the share of the customers asked to wait who cancel; they are 10 % of all orders.
    const total = {
      profit: summary(profit),
      backorderCancellationRate: summary(cancel),
      cancellationRate: summary(cancel / 10),
      promiseKeptRate: summary(promise),
      ordersBackordered: summary(mode === "deny" ? 0 : 10),
    } as never;
    const breaches = guardrailBreaches(total, { maxCancellationRate: 0.1, minPromiseKeptRate: 0.9 });
    // Paired difference against a refusing option earning 10, with a ± 2 interval.
    const d = profit - 10;
    return {
      backorders: { mode },
      code: mode,
      total,
      profitVsDeny: { mean: d, se: 1, ci95: [d - 2, d + 2], positive: 0, negative: 0 },
      withinGuardrails: breaches.length === 0,
      breaches,
    };
  };

  it("guardrailBreaches names each broken guardrail", () => {
    expect(option("allow", 1, 0.2, 0.5).breaches).toHaveLength(2);
    expect(option("allow", 1, 0.05, 0.95).breaches).toHaveLength(0);
    // 60 % of the waiting customers cancel though only 6 % of all orders do: that breaks the guardrail.
    expect(option("allow", 1, 0.6, 0.95).breaches).toEqual([{ kind: "cancellations", share: 0.6, limit: 0.1 }]);
    expect(breachesText(option("allow", 1, 0.6, 0.95).breaches)).toEqual(["60 % of the customers asked to wait cancel (limit 10 %)"]);
  });
  it("chooseOption takes the most profit within the guardrails, else refuses", () => {
    expect(chooseOption([option("deny", 10, 0, 1), option("allow", 20, 0.05, 0.95)]).code).toBe("allow");
    expect(chooseOption([option("deny", 10, 0, 1), option("allow", 20, 0.3, 0.95)]).code).toBe("deny");
    expect(chooseOption([option("deny", 30, 0, 1), option("allow", 20, 0.05, 0.95)]).code).toBe("deny");
  });
  it("chooseOption refuses when backordering is within the guardrails but not clearly better", () => {
    // +1 ± 2 against refusing: the interval includes 0.
    expect(chooseOption([option("deny", 10, 0, 1), option("allow", 11, 0.05, 0.95)]).code).toBe("deny");
    expect(chooseOption([option("deny", 10, 0, 1), option("allow", 13, 0.05, 0.95)]).code).toBe("allow");
  });

  it("chooseOption refuses a clear gain too small to be worth asking customers to wait", () => {
    // Refusing earns 1,000; allowing earns 5 ± 2 more: clear, but 0.5 % of the product's profit.
    const deny = option("deny", 10, 0, 1);
    const small: BackorderOption = { ...option("allow", 15, 0.05, 0.95), total: { ...option("allow", 15, 0.05, 0.95).total, profit: summary(1005) } };
    const refusing: BackorderOption = { ...deny, total: { ...deny.total, profit: summary(1000) } };
    small.profitVsDeny = { mean: 5, se: 1, ci95: [3, 7], positive: 0, negative: 0 };
    expect(chooseOption([refusing, small]).code).toBe("deny");
    expect(chooseOption([refusing, small], { minProfitGain: 0.004 }).code).toBe("allow");
    expect(chooseOption([refusing, small], { minProfitGain: 0 }).code).toBe("allow");
    // Negative profit when refusing: the threshold is a share of its size.
    const losing: BackorderOption = { ...deny, total: { ...deny.total, profit: summary(-1000) } };
    expect(chooseOption([losing, small]).code).toBe("deny");
    expect(worthwhileGain([losing, small], { minProfitGain: 0.01 })).toBe(10);
  });

  it("a minimum profit gain outside 0..1 is refused with a plain message", () => {
    expect(guardrailProblem({ ...DEFAULT_GUARDRAILS, minProfitGain: 2 })).toMatch(/minimum profit gain must be a fraction 0–1/);
    expect(guardrailProblem(DEFAULT_GUARDRAILS)).toBeNull();
  });

  it("explains a refusal for a clear but small gain with the share of the product's profit", () => {
    const total = (profit: number, waiting: number) =>
      ({
        profit: summary(profit),
        backorderCancellationRate: summary(0.1),
        cancellationRate: summary(0.01),
        promiseKeptRate: summary(0.99),
        ordersBackordered: summary(waiting),
        ordersCancelled: summary(waiting / 10),
        unitsLost: summary(waiting ? 5 : 50),
        avgWaitDays: summary(2),
      }) as never;
    const deny: BackorderOption = {
      backorders: { mode: "deny" },
      code: "deny",
      total: total(31_584, 0),
      profitVsDeny: { mean: 0, se: 0, ci95: [0, 0], positive: 0, negative: 0 },
      withinGuardrails: true,
      breaches: [],
    };
    const allow: BackorderOption = {
      backorders: { mode: "allow", quoteBufferDays: 4 },
      code: "allow+4",
      total: total(31_670, 40),
      profitVsDeny: { mean: 86, se: 4.5, ci95: [77, 95], positive: 0, negative: 0 },
      withinGuardrails: true,
      breaches: [],
    };
    const options = [deny, allow];
    const chosen = chooseOption(options, DEFAULT_GUARDRAILS);
    expect(chosen.code).toBe("deny");
    const why = backorderReason(chosen, options, DEFAULT_GUARDRAILS);
    expect(why.kind).toBe("refuseSmallGain");
    const text = backorderReasonText("Leather phone case", why, "EUR");
    expect(text).toMatch(/^Refuse orders for Leather phone case/);
    expect(text).toContain("would earn €86 ± 9 more profit than refusing, 0.3 % of the product's profit (backorders are recommended from 1 %)");
  });
});
