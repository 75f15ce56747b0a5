/**
 * Where a chart's keyboard cursor goes for a key: ←/→ one item (Shift+←/→ `shiftStep` items),
 * Home/End the first/last item, clamped to 0…n−1. null when the key does not move the cursor, so the
 * chart leaves the event alone.
 */
export function keyStep(key: string, shift: boolean, cur: number, n: number, shiftStep = 1): number | null {
  if (n <= 0) return null;
  const step = shift ? shiftStep : 1;
  let next: number;
  if (key === "ArrowRight") next = cur + step;
  else if (key === "ArrowLeft") next = cur - step;
  else if (key === "Home") next = 0;
  else if (key === "End") next = n - 1;
  else return null;
  return Math.max(0, Math.min(n - 1, next));
}
