import { describe, expect, it } from "vitest";
import { formatIssue } from "../../src/io/issue.ts";
import { parseScenarioText } from "../../src/io/parseScenario.ts";
import { decodeShareLink, encodeShareLink, MAX_LINK_CHARS } from "../../src/io/shareLink.ts";
import { exampleScenarios, validScenario } from "./fixtures.ts";

/** Packs text the way a link does (deflate-raw, then the 32-bit FNV-1a of the text, big-endian). */
async function packRaw(text: string): Promise<string> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  const bytes = Buffer.from(await new Response(stream).arrayBuffer());
  let h = 0x811c9dc5;
  for (const b of Buffer.from(text)) h = Math.imul(h ^ b, 0x01000193);
  const hash = Buffer.alloc(4);
  hash.writeUInt32BE(h >>> 0);
  return "1." + Buffer.concat([bytes, hash]).toString("base64url");
}

describe("share links", () => {
  it("decodeShareLink(encodeShareLink(s)) returns s for every example scenario", async () => {
    for (const [name, text] of exampleScenarios()) {
      const parsed = parseScenarioText(text, name);
      if (!parsed.ok) throw new Error(name);
      const link = await encodeShareLink(parsed.scenario);
      expect(link, name).toMatch(/^1\.[A-Za-z0-9_-]+$/);
      const back = await decodeShareLink(link);
      expect(back.ok, name).toBe(true);
      if (back.ok) expect(back.scenario, name).toStrictEqual(parsed.scenario);
    }
  });

  it("encodeShareLink(s) is compact: much shorter than the JSON", async () => {
    const [, text] = exampleScenarios().find(([n]) => n === "default-shop.json")!;
    const parsed = parseScenarioText(text);
    if (!parsed.ok) throw new Error("default-shop");
    const link = await encodeShareLink(parsed.scenario);
    expect(link.length).toBeLessThan(JSON.stringify(parsed.scenario).length / 3);
  });

  it("decodeShareLink(truncated or altered link) returns errors, never throws", async () => {
    const link = await encodeShareLink(validScenario());
    const variants = [
      link.slice(0, Math.floor(link.length / 2)),
      link.slice(0, -3),
      link.slice(0, 10) + (link[10] === "A" ? "B" : "A") + link.slice(11),
      link.slice(0, 2) + "zzzz" + link.slice(6),
      link + "AAAA",
    ];
    for (const v of variants) {
      const r = await decodeShareLink(v);
      expect(r.ok, v).toBe(false);
      if (!r.ok) expect(r.errors.length).toBeGreaterThan(0);
    }
  });

  it("decodeShareLink(text that is no link) says the link is damaged", async () => {
    for (const v of ["", "hello", "1.***", "1.A"]) {
      const r = await decodeShareLink(v);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors[0].message).toMatch(/^this share link is damaged or incomplete/);
    }
  });

  it("decodeShareLink(link from a newer packing) asks to update", async () => {
    const r = await decodeShareLink("2.abcdef");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].message).toBe("this share link was made by a newer Backorder Lab; update Backorder Lab to open it");
  });

  it("decodeShareLink(link to an invalid scenario) reports the scenario's errors with their paths", async () => {
    const s = validScenario();
    s.products[0].price = -5;
    const r = await decodeShareLink(await packRaw(JSON.stringify(s)));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map(formatIssue)).toEqual(["products[0].price: must be ≥ 0, got -5"]);
  });

  it("decodeShareLink(link that inflates enormously) is refused", async () => {
    const r = await decodeShareLink(await packRaw(" ".repeat(25_000_000)));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].message).toMatch(/unpacks to more than 20 MB/);
  });

  const DAMAGED = /^this share link is damaged or incomplete \(.+\); ask for the link again$/;
  async function damagedBecause(link: string): Promise<string> {
    const r = await decodeShareLink(link);
    expect(r.ok, link.slice(0, 40)).toBe(false);
    const m = r.ok ? "" : r.errors[0].message;
    expect(m).toMatch(DAMAGED);
    return m;
  }

  it("decodeShareLink(a broken %-escape such as %E0) says the link is damaged", async () => {
    expect(await damagedBecause("%E0")).toContain("broken %-escape");
    expect(await damagedBecause("1.%E0%A4")).toContain("broken %-escape");
  });

  it("decodeShareLink(a link whose characters were %-escaped on the way) opens it", async () => {
    const link = await encodeShareLink(validScenario());
    const escaped = [...link].map((c) => "%" + c.charCodeAt(0).toString(16).padStart(2, "0")).join("");
    const r = await decodeShareLink(escaped);
    expect(r.ok).toBe(true);
  });

  it("decodeShareLink(bad base64, bad deflate, bad check digits) says which damage", async () => {
    expect(await damagedBecause("1.AB=C")).toContain("characters a share link never has");
    expect(await damagedBecause("1.ABCDE")).toContain("characters a share link never has");
    // Valid base64 of bytes that are no deflate stream.
    expect(await damagedBecause("1." + Buffer.from([0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4, 5]).toString("base64url"))).toContain("cannot be unpacked");
    const link = await encodeShareLink(validScenario());
    const bytes = Buffer.from(link.slice(2), "base64url");
    bytes[bytes.length - 1] ^= 1;
    expect(await damagedBecause("1." + bytes.toString("base64url"))).toContain("check digits do not match");
  });

  it("decodeShareLink(a link longer than any address) is refused before it is decoded", async () => {
    const m = await damagedBecause("1." + "A".repeat(MAX_LINK_CHARS + 2));
    expect(m).toContain("more than the 2,000,000 a link can have");
  });

  it("decodeShareLink(a 1 KB link of 80,000 repeated keys) reports them, in time proportional to the text", async () => {
    const text = "{" + Array.from({ length: 80_000 }, () => '"a":1').join(",") + "}";
    const link = await packRaw(text);
    expect(link.length).toBeLessThan(2000);
    const r = await decodeShareLink(link);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0].message).toMatch(/"a" is written twice in the same object \(line 1\)/);
      expect(r.errors.length).toBeLessThan(40);
    }
  }, 30_000);
});
