/**
 * Resolves in a later task of the page (a `setTimeout` of 0): work after it is not added to the
 * current task, so the page can draw and take input in between.
 */
export function nextTask(): Promise<void> {
  return new Promise((ok) => setTimeout(ok, 0));
}
