/**
 * Merges the matrices of several `query_range` pieces into one document in
 * Prometheus' own shape, so `--save` writes what one unlimited request
 * would have returned and `readPrometheus` reads it back unchanged
 * (issue 6, Fetch; SPEC §6). Series are matched by their full label set;
 * a sample at or before the last kept time of its series (a piece boundary
 * seen twice) is dropped.
 */
import { LeakScoreError } from '../errors.js';

export type MatrixSample = [number, string];

export interface MatrixSeries {
  metric: Record<string, string>;
  values: MatrixSample[];
}

export interface MatrixDocument {
  status: 'success';
  data: { resultType: 'matrix'; result: MatrixSeries[] };
  warnings?: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function labelKey(metric: Record<string, string>): string {
  return JSON.stringify(Object.keys(metric).sort().map((name) => [name, metric[name]]));
}

/** Checks one `data.result` entry of a matrix; `where` names the server for the message. */
function readSeries(item: unknown, where: string): MatrixSeries {
  const bad = (): never => {
    throw new LeakScoreError(`${where} returned a matrix entry that is not {metric, values}; is it a Prometheus API?`);
  };
  if (!isRecord(item) || !isRecord(item.metric)) return bad();
  const values = item.values ?? [];
  if (!Array.isArray(values)) return bad();
  const metric: Record<string, string> = {};
  for (const [name, value] of Object.entries(item.metric)) metric[name] = String(value);
  const samples: MatrixSample[] = [];
  for (const sample of values) {
    if (!Array.isArray(sample) || sample.length !== 2 || typeof sample[0] !== 'number') return bad();
    samples.push([sample[0], String(sample[1])]);
  }
  return { metric, values: samples };
}

export class MatrixMerger {
  private readonly series = new Map<string, MatrixSeries>();
  private readonly warnings = new Set<string>();

  /** Adds one piece's `data.result` (in time order after the previous piece) and its warnings. */
  add(result: readonly unknown[], warnings: readonly string[], where: string): void {
    for (const warning of warnings) this.warnings.add(warning);
    for (const item of result) {
      const piece = readSeries(item, where);
      const key = labelKey(piece.metric);
      const kept = this.series.get(key);
      if (kept === undefined) {
        this.series.set(key, piece);
        continue;
      }
      let last = kept.values.length > 0 ? (kept.values[kept.values.length - 1] as MatrixSample)[0] : -Infinity;
      for (const sample of piece.values) {
        if (sample[0] <= last) continue;
        kept.values.push(sample);
        last = sample[0];
      }
    }
  }

  get seriesCount(): number {
    return this.series.size;
  }

  get warningList(): string[] {
    return [...this.warnings];
  }

  toDocument(): MatrixDocument {
    const document: MatrixDocument = {
      status: 'success',
      data: { resultType: 'matrix', result: [...this.series.values()] },
    };
    if (this.warnings.size > 0) document.warnings = this.warningList;
    return document;
  }
}
