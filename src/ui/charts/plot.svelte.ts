/**
 * The layout every framed chart shares: its margins, its measured width (set by ChartFrame), the
 * plot area inside the margins, the scales over that area, and the item under the pointer or the
 * keyboard cursor (`hover`). A chart makes one, computes what it draws from it, and hands it to
 * `<ChartFrame plot={...}>`, which measures, handles pointer and keys, and draws the axes, the
 * tooltip and the hidden data table.
 */
import { scaleLinear, scaleUtc, type ScaleLinear, type ScaleTime } from "d3";
import { addDays, datesFrom } from "../format.ts";
import { timeTicks, type Tick } from "./scales.ts";

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

/** The items the pointer and the keys step through, as ChartFrame's `cursor`. */
export interface Cursor {
  /** How many items (0: none). */
  count: number;
  /** The item at plot x `px` (pixels from the plot's left edge), null when none. */
  pick: (px: number) => number | null;
  /** Plot x of item i, for the tooltip and the rule. */
  tipX: (i: number) => number;
  /** Items per Shift+←/→ (default 1). */
  shiftStep?: number;
  /** Where the keys move from when nothing is shown (default −1). */
  keyFrom?: number;
  /** The item shown as the svg takes focus. */
  focusShows?: number;
  /** A vertical line at the hovered item. */
  rule?: boolean;
}

/** A day-by-day date axis: one item a day from `startDate`, with its scale, ticks and cursor. */
export interface DayAxis {
  dates: Date[];
  x: ScaleTime<number, number>;
  xTicks: Tick[];
  /** Hover and keys by day (Shift steps a week, keys start at the first day), with a rule; focus shows `focusShows`. */
  cursor: (focusShows: number) => Cursor;
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

  /** A date axis of `days` days from `startDate` over the plot's width (see DayAxis). */
  days(startDate: string, days: number): DayAxis {
    const dates = datesFrom(startDate, days);
    const x = this.daysX(startDate, days);
    const tipX = (i: number) => x(dates[i]);
    const pick = (px: number) => Math.max(0, Math.min(days - 1, Math.round((x.invert(px).getTime() - dates[0].getTime()) / 86_400_000)));
    return {
      dates,
      x,
      xTicks: timeTicks(x, Math.floor(this.iw / 90)),
      cursor: (focusShows) => ({ count: days, pick, tipX, shiftStep: 7, keyFrom: 0, focusShows, rule: true }),
    };
  }
}
