/**
 * Series of a fleet pair up by their labels. Labels every series of a run
 * shares (`job`, a run id, the host the soak ran on) say nothing about
 * which series is which, and often differ between BASE and HEAD, so only
 * the label names that tell series apart within a run form the key.
 */
import type { Labels } from '../series.js';

export interface Paired<T> {
  /** The labels that identify the pair (empty for a single series each). */
  key: Labels;
  base: T | null;
  head: T | null;
}

/** Label names whose value differs between series of a run. */
function varyingNames(labels: readonly Labels[]): Set<string> {
  const names = new Set<string>();
  if (labels.length < 2) return names;
  for (const name of new Set(labels.flatMap((one) => Object.keys(one)))) {
    const values = new Set(labels.map((one) => one[name]));
    if (values.size > 1) names.add(name);
  }
  return names;
}

function keyOf(labels: Labels, names: readonly string[]): { key: Labels; text: string } {
  const entries = names.filter((name) => labels[name] !== undefined).map((name) => [name, labels[name] as string] as const);
  const key: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of entries) key[name] = value;
  return { key, text: JSON.stringify(entries) };
}

/**
 * Pairs in HEAD's order, then BASE series with no partner. One series on
 * each side always pair, whatever their labels.
 *
 * @example pairSeries([{ labels: { pod: 'a' } }, { labels: { pod: 'b' } }], [{ labels: { pod: 'b' } }], (s) => s.labels)
 * // [{ key: { pod: 'b' }, base: …b, head: …b }, { key: { pod: 'a' }, base: …a, head: null }]
 */
export function pairSeries<T>(base: readonly T[], head: readonly T[], labelsOf: (item: T) => Labels): Paired<T>[] {
  if (base.length === 1 && head.length === 1) {
    return [{ key: Object.create(null) as Labels, base: base[0] as T, head: head[0] as T }];
  }
  const names = [...new Set([...varyingNames(base.map(labelsOf)), ...varyingNames(head.map(labelsOf))])].sort();
  const baseByKey = new Map<string, { item: T; key: Labels }>();
  for (const item of base) {
    const { key, text } = keyOf(labelsOf(item), names);
    if (!baseByKey.has(text)) baseByKey.set(text, { item, key });
  }
  const pairs: Paired<T>[] = [];
  const used = new Set<string>();
  for (const item of head) {
    const { key, text } = keyOf(labelsOf(item), names);
    const partner = used.has(text) ? undefined : baseByKey.get(text);
    if (partner !== undefined) used.add(text);
    pairs.push({ key, base: partner?.item ?? null, head: item });
  }
  for (const [text, { item, key }] of baseByKey) {
    if (!used.has(text)) pairs.push({ key, base: item, head: null });
  }
  return pairs;
}
