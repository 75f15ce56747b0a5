/**
 * The ArrayBuffers under typed arrays anywhere in a message, to transfer rather than copy. Only for
 * messages built afresh for sending (a transferred buffer is detached on the sending side), and only
 * from a thread that does not run the engine: after the first detached buffer V8 checks every
 * typed-array access in that thread for detachment (simulation workers copy their results instead).
 */
export function buffersIn(x: unknown, out: Set<ArrayBuffer> = new Set()): Set<ArrayBuffer> {
  if (ArrayBuffer.isView(x)) {
    if (x.buffer instanceof ArrayBuffer && x.buffer.byteLength > 0) out.add(x.buffer);
  } else if (Array.isArray(x)) {
    for (const v of x) if (v !== null && typeof v === "object") buffersIn(v, out);
  } else if (x !== null && typeof x === "object") {
    for (const v of Object.values(x)) if (v !== null && typeof v === "object") buffersIn(v, out);
  }
  return out;
}
