/**
 * The human report's "in words" section (issue 17): one paragraph per
 * explained series — who it is, its verdict, and the sentences of its
 * Explanation. Printed for every explained series, passing ones included,
 * since a fleet table alone does not say why a pod passed.
 */
import type { Result } from '../analysis/analyse.js';
import type { Verdict } from '../gate.js';
import { escapeControl } from '../report/escape.js';

export function explanationLines(result: Result, paint: (verdict: Verdict) => string, bold: (text: string) => string): string[] {
  const explained = result.series.filter((series) => series.explanation !== undefined);
  if (explained.length === 0) return [];
  const lines: string[] = [''];
  for (const series of explained) {
    const explanation = series.explanation as NonNullable<typeof series.explanation>;
    lines.push(`${bold(escapeControl(explanation.subject))}  ${paint(series.verdict)}`);
    for (const sentence of explanation.sentences) lines.push(`  ${escapeControl(sentence)}`);
  }
  return lines;
}

/** The explanation as --format json writes it. */
export function explanationJson(series: Result['series'][number]): Record<string, unknown> {
  const explanation = series.explanation;
  return explanation === undefined ? {} : {
        explanation: {
          subject: explanation.subject,
          sentences: [...explanation.sentences],
          hints: [...explanation.hints],
          ...(explanation.containerLimit === undefined ? {} : { containerLimit: { ...explanation.containerLimit } }),
        },
      };
}
