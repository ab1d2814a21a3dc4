import { describe, expect, it } from 'vitest';
import { readPrometheus } from '../../src/formats/prometheus.js';
import { MatrixMerger } from '../../src/prometheus/merge.js';

const a = { __name__: 'm', instance: 'a' };
const b = { instance: 'b', __name__: 'm' };

describe('MatrixMerger', () => {
  it('joins pieces per label set, drops a repeated boundary sample, keeps first-seen order and warnings', () => {
    const merger = new MatrixMerger();
    merger.add(
      [
        { metric: a, values: [[0, '1'], [30, '2']] },
        { metric: b, values: [[30, '5']] },
      ],
      ['w1'],
      'test',
    );
    merger.add(
      [
        { metric: { instance: 'b', __name__: 'm' }, values: [[30, '5'], [60, '6']] },
        { metric: { instance: 'c' }, values: [[60, '9']] },
        { metric: a, values: [[60, '3']] },
      ],
      ['w1', 'w2'],
      'test',
    );
    const document = merger.toDocument();
    expect(document).toEqual({
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          { metric: a, values: [[0, '1'], [30, '2'], [60, '3']] },
          { metric: b, values: [[30, '5'], [60, '6']] },
          { metric: { instance: 'c' }, values: [[60, '9']] },
        ],
      },
      warnings: ['w1', 'w2'],
    });
    const read = readPrometheus(JSON.stringify(document), { source: 'saved.json' });
    expect(read.series.map((series) => Array.from(series.times))).toEqual([[0, 30, 60], [30, 60], [60]]);
    expect(read.notes).toEqual(['saved.json: Prometheus warning: w1', 'saved.json: Prometheus warning: w2']);
  });

  it('refuses a document that is not a Prometheus matrix', () => {
    expect(() => new MatrixMerger().add([{ values: [] }], [], 'http://x')).toThrow(/http:\/\/x returned a matrix entry/);
  });
});
