/**
 * One recording → the normalised series compare works on, through the
 * public readers (readSource, readInput: every format, gzip, stdin), the
 * same SPEC §1 normalisation the gate applies.
 */
import { readInput, readSource, type ReadOptions } from '../samples/index.js';
import { normaliseSeries } from '../samples/normalise.js';
import type { RunInput } from './compare.js';

export async function readRun(path: string, read: Omit<ReadOptions, 'source'>, stdin?: NodeJS.ReadableStream): Promise<RunInput> {
  const source = path === '-' ? 'standard input' : path;
  const text = await readSource(path, stdin);
  const result = readInput(text, { ...read, source });
  return { source, format: result.format, series: result.series.map(normaliseSeries) };
}
