/**
 * The layout every framed chart shares: its margins, its measured width (set by ChartFrame), the
 * plot area inside the margins, the scales over that area, and the item under the pointer or the
 * keyboard cursor (`hover`). A chart makes one, computes what it draws from it, and hands it to
 * `<ChartFrame plot={...}>`, which measures, handles pointer and keys, and draws the axes, the
 * tooltip and the hidden data table.
 */
import { scaleLinear, scaleUtc, type ScaleLinear, type ScaleTime } from "d3";
import { addDays } from "../format.ts";

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** A mean with its 95 % interval, as the interval charts draw it (a bar and a whisker). */
export interface Interval {
  mean: number;
  lo: number;
  hi: number;
}

export class Plot {
  readonly margin: Margin;
  /** Svg width in pixels: the chart body's measured width (ChartFrame sets it). */
  width = $state(0);
  /** Index of the item shown by the pointer or the keyboard cursor, null when none. */
  hover = $state<number | null>(null);
  #height: () => number;

  /** Inner width: the plot area between the left and right margins. */
  readonly iw: number;
  /** Inner height: the plot area between the top and bottom margins. */
  readonly ih: number;

  /**
   * `height`: the svg height (a function, so it may follow props or the number of rows);
   * `width`: the width drawn at until the body is measured; `minInner`: the narrowest plot area.
   */
  constructor(margin: Margin, height: () => number, width: number, minInner = 50) {
    this.margin = margin;
    this.#height = height;
    this.width = width;
    this.iw = $derived(Math.max(minInner, this.width - margin.left - margin.right));
    this.ih = $derived(height() - margin.top - margin.bottom);
  }

  get height(): number {
    return this.#height();
  }

  /** A linear x scale over the plot's width; `nice` rounds the domain to tick values. */
  linearX(domain: [number, number], nice = true): ScaleLinear<number, number> {
    const s = scaleLinear().domain(domain).range([0, this.iw]);
    return nice ? s.nice() : s;
  }

  /** A linear y scale over the plot's height (larger values up), its domain rounded to tick values. */
  linearY(domain: [number, number]): ScaleLinear<number, number> {
    return scaleLinear().domain(domain).nice().range([this.ih, 0]);
  }

  /** A date x scale over `days` days from `startDate` (at least one day wide). */
  daysX(startDate: string, days: number): ScaleTime<number, number> {
    return scaleUtc()
      .domain([addDays(startDate, 0), addDays(startDate, Math.max(1, days - 1))])
      .range([0, this.iw]);
  }
}
