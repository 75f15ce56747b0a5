/**
 * What the optimiser looks for. `minCost` minimises the textbook cost rate (`costPerDay`: holding +
 * penalties + ordering per day), `maxProfit` maximises profit, and a constraint such as
 * `fillRate>=0.97` asks for the least-cost level that meets a service target.
 */
import { METRICS, type Metric } from "../engine/metrics.ts";
import { betterSign } from "../format/metrics.ts";

export type Objective = { kind: "minCost" } | { kind: "maxProfit" } | { kind: "constraint"; metric: Metric; op: ">=" | "<="; target: number };

export type ObjectiveParse = { ok: true; objective: Objective } | { ok: false; message: string };

const CONSTRAINT = /^\s*([A-Za-z]+)\s*(>=|<=|≥|≤|=)\s*([0-9]*\.?[0-9]+)\s*(%?)\s*$/;

/** Parses `minCost`, `maxProfit`, `fillRate>=0.97`, `backorderRate<=5%`, `fillRate=0.97` (DESIGN §8 spelling). */
export function parseObjective(text: string): ObjectiveParse {
  const t = text.trim();
  if (t === "minCost") return { ok: true, objective: { kind: "minCost" } };
  if (t === "maxProfit") return { ok: true, objective: { kind: "maxProfit" } };
  const m = CONSTRAINT.exec(t);
  if (!m) {
    return {
      ok: false,
      message: `objective must be minCost, maxProfit or a target such as "fillRate>=0.97"; got ${JSON.stringify(text)}`,
    };
  }
  const [, name, rawOp, num, pct] = m;
  if (!(METRICS as readonly string[]).includes(name)) {
    return { ok: false, message: `unknown metric '${name}' in objective; use one of ${METRICS.join(", ")}` };
  }
  const metric = name as Metric;
  const target = Number(num) / (pct ? 100 : 1);
  // A bare `fillRate=0.97` means "at least": the side of the target where the metric is better.
  const op: ">=" | "<=" = rawOp === ">=" || rawOp === "≥" ? ">=" : rawOp === "<=" || rawOp === "≤" ? "<=" : betterSign(metric) > 0 ? ">=" : "<=";
  if (metric.endsWith("Rate") && (target < 0 || target > 1)) {
    return { ok: false, message: `${metric} is a fraction between 0 and 1 (or a percentage such as 97%); got ${num}${pct}` };
  }
  return { ok: true, objective: { kind: "constraint", metric, op, target } };
}

/** `fillRate>=0.97` etc.: the canonical text of an objective. */
export function formatObjective(o: Objective): string {
  switch (o.kind) {
    case "minCost":
    case "maxProfit":
      return o.kind;
    case "constraint":
      return `${o.metric}${o.op}${o.target}`;
    default: {
      const _: never = o;
      return _;
    }
  }
}

/** Whether a value meets a constraint objective's target. */
export function meetsTarget(o: Extract<Objective, { kind: "constraint" }>, value: number): boolean {
  return o.op === ">=" ? value >= o.target : value <= o.target;
}
