/**
 * Svelte action: calls `onSize` with the element's content box whenever its size changes, from a
 * ResizeObserver. The observer reports after the browser's own layout, so it never forces one,
 * where reading `clientHeight` as an element appears (what `bind:clientHeight` does first) laid the
 * whole page out then and there: 20–70 ms of a 4,000-product Results view opening after a reload.
 * A hidden element (display: none) reports 0 × 0.
 */
export function resized(node: Element, onSize: (size: { width: number; height: number }) => void) {
  let report = onSize;
  const observer = new ResizeObserver((entries) => {
    const r = entries[entries.length - 1]!.contentRect;
    report({ width: r.width, height: r.height });
  });
  observer.observe(node);
  return {
    update(next: (size: { width: number; height: number }) => void) {
      report = next;
    },
    destroy() {
      observer.disconnect();
    },
  };
}
