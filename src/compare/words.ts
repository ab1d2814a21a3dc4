/** How compare writes its numbers and names for people; shared by every format. */
import { formatLabels } from '../report/format.js';
import type { CompareResult, CompareVerdict, PairResult } from './compare.js';
import type { Estimate } from './mover.js';

export function signed(value: number, unit: string): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const sign = value > 0 ? '+' : value < 0 ? '−' : '';
  return `${sign}${Math.abs(value).toFixed(digits)}${unit === '' ? '' : ` ${unit}`}`;
}

export function plain(value: number, unit: string): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value < 0 ? '−' : ''}${Math.abs(value).toFixed(digits)}${unit === '' ? '' : ` ${unit}`}`;
}

/** `+40.1 MiB/h (38.8 to 41.4)` */
export function withInterval(e: Estimate | null, unit: string, sign = true): string {
  if (e === null) return 'n/a';
  const f = sign ? signed : plain;
  return `${f(e.value, unit)} (${f(e.lower, '')} to ${f(e.upper, '')})`;
}

export function pairName(pair: PairResult): string {
  const text = formatLabels(pair.key);
  return text === '' || text === '{}' ? 'series' : text;
}

export const VERDICT_WORDS: Readonly<Record<CompareVerdict, string>> = {
  worse: 'WORSE',
  same: 'SAME',
  inconclusive: 'INCONCLUSIVE',
};

/** The one-line reason for the whole comparison. */
export function headline(result: CompareResult): string {
  const counts = (v: CompareVerdict): number => result.pairs.filter((p) => p.verdict === v).length;
  const n = result.pairs.length;
  const fleet = n > 1 ? ` (${counts('worse')} worse, ${counts('inconclusive')} inconclusive, ${counts('same')} same of ${n} series)` : '';
  switch (result.verdict) {
    case 'worse': {
      const worse = result.pairs.filter((p) => p.verdict === 'worse');
      const growth = worse.some((p) => p.growth?.verdict === 'worse');
      const level = worse.some((p) => p.level?.verdict === 'worse');
      const what = growth && level ? 'grows faster and sits higher' : growth ? 'grows faster' : 'sits higher';
      return `HEAD ${what} than BASE, beyond the budget${fleet}`;
    }
    case 'inconclusive':
      return `cannot tell: ${result.pairs.find((p) => p.verdict === 'inconclusive')?.reasons[0] ?? 'nothing to compare'}${fleet}`;
    default: {
      // Not significantly worse is not the same as shown to be within budget: say which it is.
      const open = result.pairs.flatMap((p) => [p.growth, p.level]).filter((t) => t !== null && !t.resolved && t.difference !== null);
      if (open.length === 0) return `HEAD's memory is within the budget of BASE's${fleet}`;
      const widest = open.reduce((a, b) => ((b!.difference!.upper - (b!.budget ?? 0)) / Math.max(1e-9, b!.budget ?? 1) > (a!.difference!.upper - (a!.budget ?? 0)) / Math.max(1e-9, a!.budget ?? 1) ? b : a))!;
      return `HEAD is not significantly worse than BASE, but these runs cannot rule out up to ${signed(widest.difference!.upper, widest.unit)} (budget ${plain(widest.budget ?? 0, widest.unit)}); record longer to tell${fleet}`;
    }
  }
}

export function confidenceText(result: CompareResult): string {
  const pct = +(result.confidence * 100).toFixed(2);
  return result.tests > 1 ? `${pct} % intervals (${result.tests} tests sharing α = ${result.options.alpha})` : `${pct} % intervals`;
}
