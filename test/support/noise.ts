import { mulberry32 } from './mulberry32.mjs';

/** A deterministic pseudo-random sequence in [0, 1) (mulberry32), for synthetic series in tests. */
export function noise(seed: number): () => number {
  return mulberry32(seed);
}
