/** GitHub annotations for a comparison: `::error` per worse pair, `::warning` per inconclusive one (stderr, as the gate's). */
import { escapeData, escapeProperty } from '../report/github.js';
import type { CompareResult } from './compare.js';
import { pairName } from './words.js';

export function renderCompareAnnotations(result: CompareResult): string {
  const lines: string[] = [];
  for (const pair of result.pairs) {
    const message = `${pairName(pair)}: ${pair.reasons.join('; ')}`;
    if (pair.verdict === 'worse') lines.push(`::error title=${escapeProperty('leak-score compare: worse than BASE')}::${escapeData(message)}`);
    else if (pair.verdict === 'inconclusive') lines.push(`::warning title=${escapeProperty('leak-score compare: inconclusive')}::${escapeData(message)}`);
  }
  return lines.map((line) => `${line}\n`).join('');
}
