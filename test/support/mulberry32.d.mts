/** Types for mulberry32.mjs (plain ESM, shared with the fixture generators). */
export declare function mulberry32(seed: number): () => number;
