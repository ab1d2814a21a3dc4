/**
 * Loads the shared test vectors (test/vectors/, copied verbatim from
 * ../shared/vectors) and compares results by the rules of their README.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const VECTOR_DIR = join(import.meta.dirname, 'vectors');

export interface VectorAlert {
  name: string;
  activeAt: number;
  firedAt: number | null;
  resolvedAt: number | null;
}

export interface VectorFit {
  slopeMiBPerHour: number | null;
  r2: number | null;
  score: number;
}

export interface VectorSeries {
  verdict: string;
  samples: number;
  dropped: number;
  duplicates: number;
  start: number;
  end: number;
  durationSeconds: number;
  final: VectorFit;
  peak: { score: number; time: number };
  overall: VectorFit;
  rss: { first: number; min: number; max: number; last: number };
  alerts: VectorAlert[];
}

export interface Vector {
  name: string;
  description: string;
  options: Record<string, string | number | boolean>;
  input: string;
  expected: { exitCode: number; verdict: string; series: VectorSeries[] };
  alternatives?: { peakTimes: number[] };
}

export function loadVectors(): Vector[] {
  return readdirSync(VECTOR_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(VECTOR_DIR, name), 'utf8')) as Vector);
}

/** The CLI flags the vector README names for a vector's options. */
export function vectorFlags(options: Vector['options']): string[] {
  const flags: string[] = [];
  for (const [key, value] of Object.entries(options)) {
    const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    if (typeof value === 'boolean') {
      if (value) flags.push(flag);
    } else {
      flags.push(flag, String(value));
    }
  }
  return flags;
}

const TIME_TOLERANCE = 1e-6;

function closeNumber(got: number | null, want: number | null): boolean {
  if (want === null || got === null) return got === want;
  return Math.abs(got - want) <= Math.max(1e-9 * Math.abs(want), 1e-12);
}

function closeTime(got: number | null, want: number | null): boolean {
  if (want === null || got === null) return got === want;
  return Math.abs(got - want) <= TIME_TOLERANCE;
}

/** The first mismatch between a SPEC §7 document and a vector, or null when they agree. */
export function firstMismatch(
  vector: Vector,
  got: { exitCode: number; verdict: string; series: unknown[] },
): string | null {
  const want = vector.expected;
  if (got.exitCode !== want.exitCode) return `exitCode ${got.exitCode} ≠ ${want.exitCode}`;
  if (got.verdict !== want.verdict) return `verdict ${got.verdict} ≠ ${want.verdict}`;
  if (got.series.length !== want.series.length) return `series count ${got.series.length} ≠ ${want.series.length}`;
  for (let s = 0; s < want.series.length; s++) {
    const w = want.series[s] as VectorSeries;
    const g = got.series[s] as VectorSeries;
    const at = (what: string): string => `series ${s} ${what}`;
    for (const key of ['verdict', 'samples', 'dropped', 'duplicates'] as const) {
      if (g[key] !== w[key]) return at(`${key} ${String(g[key])} ≠ ${String(w[key])}`);
    }
    for (const key of ['start', 'end', 'durationSeconds'] as const) {
      if (!closeTime(g[key], w[key])) return at(`${key} ${g[key]} ≠ ${w[key]}`);
    }
    for (const fit of ['final', 'overall'] as const) {
      for (const key of ['slopeMiBPerHour', 'r2', 'score'] as const) {
        if (!closeNumber(g[fit][key], w[fit][key])) return at(`${fit}.${key} ${g[fit][key]} ≠ ${w[fit][key]}`);
      }
    }
    if (!closeNumber(g.peak.score, w.peak.score)) return at(`peak.score ${g.peak.score} ≠ ${w.peak.score}`);
    const peakTimes = [w.peak.time, ...(vector.alternatives?.peakTimes ?? [])];
    if (!peakTimes.some((time) => closeTime(g.peak.time, time))) {
      return at(`peak.time ${g.peak.time} ≠ ${w.peak.time}`);
    }
    for (const key of ['first', 'min', 'max', 'last'] as const) {
      if (g.rss[key] !== w.rss[key]) return at(`rss.${key} ${g.rss[key]} ≠ ${w.rss[key]}`);
    }
    if (g.alerts.length !== w.alerts.length) return at(`alerts ${JSON.stringify(g.alerts)} ≠ ${JSON.stringify(w.alerts)}`);
    for (let a = 0; a < w.alerts.length; a++) {
      const ga = g.alerts[a] as VectorAlert;
      const wa = w.alerts[a] as VectorAlert;
      if (ga.name !== wa.name) return at(`alert ${a} name ${ga.name} ≠ ${wa.name}`);
      for (const key of ['activeAt', 'firedAt', 'resolvedAt'] as const) {
        if (!closeTime(ga[key], wa[key])) return at(`alert ${a} ${key} ${ga[key]} ≠ ${wa[key]}`);
      }
    }
  }
  return null;
}
