/**
 * Option values as users write them — durations (`15m`), sizes (`400MiB`),
 * windows (`120` | `1h`) — and the validated options the core works with.
 * Every parser throws `LeakScoreError` naming the flag and an example.
 */
import { LeakScoreError } from './errors.js';
import type { RobustOptions } from './analysis/robust/options.js';

/** SPEC §2 windows: the last N samples, or the samples within a duration. */
export type Window =
  | { readonly kind: 'count'; readonly samples: number }
  | { readonly kind: 'duration'; readonly seconds: number };

export type CurveName = 'piecewise' | 'linear';
export const CURVE_NAMES: readonly CurveName[] = ['piecewise', 'linear'];

/** The two alerts of SPEC §4, by their `--gate` names. */
export type AlertKey = 'leak' | 'rss';
export const ALERT_KEYS: readonly AlertKey[] = ['leak', 'rss'];

export interface AnalysisOptions {
  window: Window;
  minSamples: number;
  curve: CurveName;
  moderateMiBPerHour: number;
  severeMiBPerHour: number;
  skipSeconds: number;
  leakThreshold: number;
  leakForSeconds: number;
  rssThresholdBytes: number;
  rssForSeconds: number;
  stalenessSeconds: number;
  gate: readonly AlertKey[];
  allowInconclusive: boolean;
  /** Issue 5: the robust opinion; absent by default, so a plain run is exactly the seed's. */
  robust?: RobustOptions;
}

/** The seed's values (SPEC §2, §4). */
export const DEFAULT_OPTIONS: Readonly<AnalysisOptions> = Object.freeze({
  window: { kind: 'count', samples: 120 } as Window,
  minSamples: 10,
  curve: 'piecewise',
  moderateMiBPerHour: 10,
  severeMiBPerHour: 50,
  skipSeconds: 0,
  leakThreshold: 0.8,
  leakForSeconds: 900,
  rssThresholdBytes: 419430400,
  rssForSeconds: 600,
  stalenessSeconds: 300,
  gate: ALERT_KEYS,
  allowInconclusive: false,
});

const DURATION_UNITS: Readonly<Record<string, number>> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
};

const SIZE_UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
  ki: 1024,
  mi: 1024 ** 2,
  gi: 1024 ** 3,
  ti: 1024 ** 4,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  k: 1e3,
  m: 1e6,
  g: 1e9,
  t: 1e12,
};

const DECIMAL = /^\d+(?:\.\d+)?$/;
const DURATION_PART = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/;

function fail(flag: string, value: string, expected: string): never {
  throw new LeakScoreError(`${flag} ${JSON.stringify(value)} is not valid: ${expected}`);
}

/**
 * Parses a duration in seconds: `0`, `90s`, `15m`, `1h`, `1h30m`, `500ms`,
 * `1.5h`. A bare number is seconds.
 */
export function parseDuration(text: string, flag = 'duration'): number {
  const trimmed = text.trim();
  if (DECIMAL.test(trimmed)) return Number(trimmed);
  let rest = trimmed;
  let seconds = 0;
  while (rest.length > 0) {
    const match = DURATION_PART.exec(rest);
    if (match === null) fail(flag, text, 'give a duration such as 0s, 90s, 15m, 1h or 1h30m');
    seconds += Number(match[1]) * (DURATION_UNITS[match[2] as string] as number);
    rest = rest.slice(match[0].length);
  }
  if (trimmed.length === 0) fail(flag, text, 'give a duration such as 0s, 90s, 15m, 1h or 1h30m');
  return seconds;
}

/** Parses a size in bytes: `419430400`, `400MiB`, `400Mi`, `1.5GB` (SPEC §1 units). */
export function parseSize(text: string, flag = 'size'): number {
  const match = /^(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*([A-Za-z]*)$/.exec(text.trim());
  if (match === null) fail(flag, text, 'give bytes or a size with a unit, such as 419430400 or 400MiB');
  const unit = (match[2] as string).toLowerCase();
  const factor = unit === '' ? 1 : SIZE_UNITS[unit];
  if (factor === undefined) {
    fail(flag, text, `unknown unit "${match[2]}"; use B, KiB, MiB, GiB (1024) or kB, MB, GB (1000)`);
  }
  const bytes = Number(match[1]) * factor;
  if (!Number.isFinite(bytes)) fail(flag, text, 'the size is too large');
  return bytes;
}

/** Parses `--window`: a sample count (`120`) or a duration (`1h`). */
export function parseWindow(text: string, flag = '--window'): Window {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const samples = Number(trimmed);
    if (samples < 1 || !Number.isSafeInteger(samples)) {
      fail(flag, text, 'a sample count must be a whole number of at least 1, e.g. 120');
    }
    return { kind: 'count', samples };
  }
  let seconds: number;
  try {
    seconds = parseDuration(trimmed, flag);
  } catch {
    fail(flag, text, 'give a sample count such as 120, or a duration such as 30m or 1h');
  }
  if (!(seconds > 0)) fail(flag, text, 'a window duration must be longer than 0, e.g. 1h');
  return { kind: 'duration', seconds };
}

/** Parses a finite number, optionally with bounds. */
export function parseNumber(
  text: string,
  flag: string,
  { min = -Infinity, max = Infinity, integer = false, minExclusive = false } = {},
): number {
  const trimmed = text.trim();
  const value = trimmed === '' ? NaN : Number(trimmed);
  const tooLow = minExclusive ? value <= min : value < min;
  if (!Number.isFinite(value) || tooLow || value > max || (integer && !Number.isInteger(value))) {
    const kind = integer ? 'a whole number' : 'a number';
    const lower = Number.isFinite(min) ? `${minExclusive ? 'above' : 'at least'} ${min}` : '';
    const upper = Number.isFinite(max) ? `at most ${max}` : '';
    const range = [lower, upper].filter((part) => part !== '').join(' and ');
    fail(flag, text, range === '' ? `give ${kind}` : `give ${kind} ${range}`);
  }
  return value;
}

/** Parses `--gate`: a comma list of `leak` and `rss`. */
export function parseGate(text: string, flag = '--gate'): AlertKey[] {
  const keys = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (keys.length === 0) fail(flag, text, 'give leak, rss or leak,rss');
  for (const key of keys) {
    if (!(ALERT_KEYS as readonly string[]).includes(key)) {
      fail(flag, text, `"${key}" is not an alert; give leak, rss or leak,rss`);
    }
  }
  return ALERT_KEYS.filter((key) => keys.includes(key));
}

export function parseCurve(text: string, flag = '--curve'): CurveName {
  if ((CURVE_NAMES as readonly string[]).includes(text)) return text as CurveName;
  return fail(flag, text, 'give piecewise (--moderate scores 0.5, --severe 1) or linear (rate ÷ --severe)');
}

/** Checks relations between options that no single parser can see. */
export function validateOptions(options: AnalysisOptions): AnalysisOptions {
  if (options.curve === 'piecewise' && !(options.severeMiBPerHour > options.moderateMiBPerHour)) {
    throw new LeakScoreError(
      `--severe (${options.severeMiBPerHour}) must be above --moderate (${options.moderateMiBPerHour}) for the piecewise curve`,
    );
  }
  return options;
}
