/**
 * Float64Arrays given back for reuse, by length, on this thread (issue 12).
 * The scoring thread of a fleet makes and drops the replay state of one
 * series after another (src/pipeline/parking.ts): ~250 KiB of typed arrays
 * a series, which V8 frees only at a full collection, so 30 MiB or more of
 * them used to sit dead at any time. State that is done with gives its
 * arrays back (`release()` on BucketTrack, OnlineMoments, FineBuckets and
 * what holds them) and the next series takes them. An array taken is zeroed,
 * as a new one would be. Arrays are only given back by their one owner,
 * which drops them with the call: nothing may read an array after giving it.
 */

/** Bytes kept for reuse at most; arrays given beyond it are left to the collector. */
const MAX_POOLED_BYTES = 4 * 1024 * 1024;

const free = new Map<number, Float64Array[]>();
/** What `free` holds, so that an array given twice is kept once. */
const held = new WeakSet<Float64Array>();
let pooledBytes = 0;

/** A zeroed Float64Array of `length`: one given back if there is one. */
export function takeFloat64(length: number): Float64Array {
  const reused = free.get(length)?.pop();
  if (reused === undefined) return new Float64Array(length);
  held.delete(reused);
  pooledBytes -= reused.byteLength;
  reused.fill(0);
  return reused;
}

/** Gives arrays back for reuse; the caller must not touch them again. */
export function giveFloat64(...arrays: Float64Array[]): void {
  for (const array of arrays) {
    // Only whole arrays of their own buffer: a view's buffer may be in use elsewhere.
    if (array.length === 0 || array.byteOffset !== 0 || array.byteLength !== array.buffer.byteLength) continue;
    if (held.has(array) || pooledBytes + array.byteLength > MAX_POOLED_BYTES) continue;
    let list = free.get(array.length);
    if (list === undefined) {
      list = [];
      free.set(array.length, list);
    }
    list.push(array);
    held.add(array);
    pooledBytes += array.byteLength;
  }
}

/** Bytes held for reuse now (for tests). */
export function pooledFloat64Bytes(): number {
  return pooledBytes;
}
