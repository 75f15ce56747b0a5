/**
 * Charts as files: a standalone SVG (every drawn style inlined, since the page's stylesheet and CSS
 * variables do not travel with the file) and a PNG rendered from that SVG through a canvas.
 *
 * The chart's title (an HTML figcaption) and legend (HTML below the plot) are drawn into the file
 * too, so a downloaded chart still says what it shows.
 */

/** Presentation properties copied from computed style; everything else SVG draws by attribute. */
export const INLINE_PROPS = [
  "fill",
  "fill-opacity",
  "stroke",
  "stroke-width",
  "stroke-dasharray",
  "stroke-opacity",
  "stroke-linecap",
  "stroke-linejoin",
  "opacity",
  "font-family",
  "font-size",
  "font-weight",
  "text-anchor",
  "dominant-baseline",
  "visibility",
  "display",
] as const;

const SVG_NS = "http://www.w3.org/2000/svg";
const TITLE_HEIGHT = 24;
const LEGEND_HEIGHT = 22;

/** A file name from a chart title: lower case, words joined by "-", nothing a file system minds. */
export function chartFileName(title: string, ext: "svg" | "png"): string {
  return `${fileSlug(title, "chart")}.${ext}`;
}

/** A file-name stem from any title (accents dropped, lower case, "-" between words). */
export function fileSlug(title: string, fallback = "file"): string {
  return (
    title
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || fallback
  );
}

/** `style` attribute text from property/value pairs, leaving out empty values. */
export function styleText(entries: Iterable<[string, string]>): string {
  const out: string[] = [];
  for (const [k, v] of entries) if (v !== "" && v !== undefined && v !== null) out.push(`${k}:${v}`);
  return out.join(";");
}

function inlineStyles(source: Element, target: Element): void {
  const cs = getComputedStyle(source);
  const pairs: [string, string][] = INLINE_PROPS.map((p) => [p, cs.getPropertyValue(p)]);
  const own = target.getAttribute("style");
  target.setAttribute("style", styleText(pairs) + (own ? `;${own}` : ""));
  target.removeAttribute("class");
  const a = source.children;
  const b = target.children;
  for (let i = 0; i < a.length && i < b.length; i++) inlineStyles(a[i], b[i]);
}

export interface LegendItem {
  label: string;
  color: string;
  /** "line" draws a stroke, "dash" a dashed stroke, "area" a filled box. */
  shape: "area" | "line" | "dash";
}

/** Legend entries read from a chart's HTML legend (`.legend span` with an `i.sw` swatch). */
function readLegend(figure: Element): LegendItem[] {
  const items: LegendItem[] = [];
  for (const span of figure.querySelectorAll(".legend > span")) {
    const sw = span.querySelector(".sw");
    const label = span.textContent?.trim() ?? "";
    if (!label) continue;
    if (!sw) {
      items.push({ label, color: "#4a5468", shape: "area" });
      continue;
    }
    const cs = getComputedStyle(sw);
    const dashed = cs.borderTopStyle === "dashed";
    const thin = parseFloat(cs.height) <= 3;
    const bg = cs.backgroundColor;
    const color = dashed || (thin && (bg === "rgba(0, 0, 0, 0)" || bg === "transparent")) ? cs.borderTopColor : bg;
    items.push({ label, color, shape: dashed ? "dash" : thin ? "line" : "area" });
  }
  return items;
}

/**
 * A self-contained SVG document of the chart in `figure` (the first `<svg>` inside it), with a
 * white background, its title on top and its legend below.
 */
export function standaloneSvg(figure: Element, opts: { title?: string } = {}): { text: string; width: number; height: number } {
  const svg = figure.querySelector("svg");
  if (!svg) throw new Error("no chart to export");
  const w = Math.ceil(svg.getBoundingClientRect().width || Number(svg.getAttribute("width")) || 600);
  const h = Math.ceil(svg.getBoundingClientRect().height || Number(svg.getAttribute("height")) || 300);
  const clone = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, clone);
  clone.removeAttribute("style");
  clone.removeAttribute("tabindex");
  const title = opts.title ?? figure.querySelector("figcaption")?.textContent?.trim() ?? "";
  const legend = readLegend(figure);
  const top = title ? TITLE_HEIGHT : 0;
  const bottom = legend.length ? LEGEND_HEIGHT : 0;
  const W = w;
  const H = h + top + bottom;

  const out = document.createElementNS(SVG_NS, "svg");
  out.setAttribute("xmlns", SVG_NS);
  out.setAttribute("width", String(W));
  out.setAttribute("height", String(H));
  out.setAttribute("viewBox", `0 0 ${W} ${H}`);
  const font = getComputedStyle(figure).fontFamily || "system-ui, sans-serif";
  out.setAttribute("font-family", font);
  const bg = document.createElementNS(SVG_NS, "rect");
  bg.setAttribute("width", "100%");
  bg.setAttribute("height", "100%");
  bg.setAttribute("fill", "#ffffff");
  out.appendChild(bg);
  if (title) {
    const t = document.createElementNS(SVG_NS, "text");
    t.setAttribute("x", "8");
    t.setAttribute("y", "17");
    t.setAttribute("style", `font-family:${font};font-size:13px;font-weight:600;fill:#1d2330`);
    t.textContent = title;
    out.appendChild(t);
  }
  const g = document.createElementNS(SVG_NS, "g");
  g.setAttribute("transform", `translate(0,${top})`);
  // Move the chart's children (title/desc included, for screen readers of the file).
  clone.setAttribute("x", "0");
  clone.setAttribute("y", "0");
  clone.setAttribute("width", String(w));
  clone.setAttribute("height", String(h));
  clone.setAttribute("overflow", "visible");
  g.appendChild(clone);
  out.appendChild(g);
  if (legend.length) {
    const lg = document.createElementNS(SVG_NS, "g");
    lg.setAttribute("transform", `translate(52,${top + h + 14})`);
    let x = 0;
    for (const item of legend) {
      if (item.shape === "area") {
        const r = document.createElementNS(SVG_NS, "rect");
        r.setAttribute("x", String(x));
        r.setAttribute("y", "-8");
        r.setAttribute("width", "14");
        r.setAttribute("height", "8");
        r.setAttribute("rx", "2");
        r.setAttribute("fill", item.color);
        lg.appendChild(r);
      } else {
        const l = document.createElementNS(SVG_NS, "line");
        l.setAttribute("x1", String(x));
        l.setAttribute("x2", String(x + 14));
        l.setAttribute("y1", "-4");
        l.setAttribute("y2", "-4");
        l.setAttribute("stroke", item.color);
        l.setAttribute("stroke-width", "2");
        if (item.shape === "dash") l.setAttribute("stroke-dasharray", "4 3");
        lg.appendChild(l);
      }
      const t = document.createElementNS(SVG_NS, "text");
      t.setAttribute("x", String(x + 19));
      t.setAttribute("y", "0");
      t.setAttribute("style", `font-family:${font};font-size:11.5px;fill:#4a5468`);
      t.textContent = item.label;
      lg.appendChild(t);
      x += 19 + item.label.length * 6.4 + 16;
    }
    out.appendChild(lg);
  }
  const text = '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(out);
  return { text, width: W, height: H };
}

/** Renders SVG text to a PNG blob at `scale` × its size (2 = sharp on high-density screens and in print). */
export async function svgToPng(svgText: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svgText], { type: "image/svg+xml;charset=utf-8" }));
  try {
    const img = new Image();
    img.decoding = "async";
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error("the chart could not be drawn as an image"));
      img.src = url;
    });
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("this browser cannot draw to a canvas");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("PNG encoding failed"))), "image/png"));
  } finally {
    URL.revokeObjectURL(url);
  }
}
