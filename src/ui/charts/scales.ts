/** Tick helpers shared by the SVG charts: d3 computes positions and labels, Svelte draws them. */
import type { ScaleLinear, ScaleTime } from "d3";

export interface Tick {
  pos: number;
  label: string;
}

export function linearTicks(scale: ScaleLinear<number, number>, count: number, format: (v: number) => string, keep?: (v: number) => boolean): Tick[] {
  const ticks = scale.ticks(Math.max(2, count));
  return (keep ? ticks.filter(keep) : ticks).map((v) => ({ pos: scale(v), label: format(v) }));
}

const monthFmt = new Intl.DateTimeFormat(undefined, { month: "short", timeZone: "UTC" });
const monthYearFmt = new Intl.DateTimeFormat(undefined, { month: "short", year: "numeric", timeZone: "UTC" });
const dayFmt = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" });

export function timeTicks(scale: ScaleTime<number, number>, count: number): Tick[] {
  const ticks = scale.ticks(Math.max(2, count));
  const [a, b] = scale.domain();
  const spanDays = (b.getTime() - a.getTime()) / 86_400_000;
  return ticks.map((d, i) => {
    let label: string;
    if (spanDays <= 62) label = dayFmt.format(d);
    else label = i === 0 || d.getUTCMonth() === 0 ? monthYearFmt.format(d) : monthFmt.format(d);
    return { pos: scale(d), label };
  });
}

/** A compact number for axis ticks: 1.2k, 3.4M. */
export function compact(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${+(v / 1e9).toFixed(1)}G`;
  if (a >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${+(v / 1e3).toFixed(0)}k`;
  if (a >= 1e3) return `${+(v / 1e3).toFixed(1)}k`;
  return `${+v.toFixed(2)}`;
}
