import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LeakScoreError } from '../../../src/errors.js';
import { readInput } from '../../../src/samples/read-input.js';
import { SeriesBuilder } from '../../../src/samples/series-builder.js';
import { MatcherSyntaxError, parseMatchers } from '../../../src/samples/select/matchers.js';
import { compileSelector, matchesAll, selectSeries } from '../../../src/samples/select/select.js';
import { makeLabels, type RawSeries, type ReadResult } from '../../../src/series.js';
import { leakScoreMessage } from '../../formats/helpers.js';
import { fuzzParameters } from '../../formats/fuzz-runs.js';

const labels = (record: Record<string, string>) => makeLabels(Object.entries(record));
const selects = (selector: string, record: Record<string, string>): boolean => matchesAll(labels(record), compileSelector(selector));

describe('parseMatchers: PromQL matcher syntax', () => {
  it('reads a comma list, with or without braces and a metric name', () => {
    expect(parseMatchers('instance="a:1",job=~"api.*"').map(({ name, op, value }) => [name, op, value])).toEqual([
      ['instance', '=', 'a:1'],
      ['job', '=~', 'api.*'],
    ]);
    expect(parseMatchers(' { job != "x" , } ').map(({ name, op }) => [name, op])).toEqual([['job', '!=']]);
    expect(parseMatchers('process_resident_memory_bytes{job!~"batch"}').map(({ name, op, value }) => [name, op, value])).toEqual([
      ['__name__', '=', 'process_resident_memory_bytes'],
      ['job', '!~', 'batch'],
    ]);
    expect(parseMatchers('up').map(({ name, value }) => [name, value])).toEqual([['__name__', 'up']]);
  });

  it('reads the three quote styles with Go escapes, and quoted label names', () => {
    expect(parseMatchers(`a='x\\'y',b=\`raw\\n\`,c="\\u00e9\\x41\\101\\t"`).map((m) => m.value)).toEqual(["x'y", 'raw\\n', 'éAA\t']);
    expect(parseMatchers('{"service.name"="cart"}')[0]?.name).toBe('service.name');
  });

  it('says where the syntax goes wrong', () => {
    const at = (text: string): [string, number] => {
      try {
        parseMatchers(text);
      } catch (error) {
        if (error instanceof MatcherSyntaxError) return [error.detail, error.position];
        throw error;
      }
      throw new Error('parsed');
    };
    expect(at('job=api')).toEqual(['expected a quoted value, e.g. job="api"', 4]);
    expect(at('job~"a"')[0]).toBe('expected { after the metric name, or an operator after a label name');
    expect(at('job="a",b~"x"')[0]).toBe('expected =, !=, =~ or !~ after the label name');
    expect(at('job="a" x="b"')[0]).toBe('expected , between matchers');
    expect(at('{job="a"')[0]).toBe('expected , or }');
    expect(at('job="a')[0]).toBe('a quoted string is not closed');
    expect(at('')[0]).toBe('no matcher given: the selector selects nothing');
    expect(at('{}')[0]).toBe('no matcher given: the selector selects nothing');
    expect(at('job=~"(a"')).toEqual(['the regex for job is not valid: missing closing )', 6]);
    expect(at('job=~"a[b"')).toEqual(['the regex for job is not valid: missing closing ]: [b', 7]);
    expect(at('{job="a",,}')).toEqual(['expected a label name after ,', 9]);
    expect(at('x{__name__="y"}')[0]).toBe('the metric name is given twice: x and a __name__ matcher');
    expect(at('job="a\nb"')).toEqual(['a quoted string is not closed on its line (use \\n for a newline)', 4]);
    expect(at("job='\\\"'")[0]).toContain('unknown escape \\"');
    expect(at('job="\\ud800"')[0]).toBe('\\ud800 is not a valid character');
    expect(at('nan{job="a"}')[0]).toBe('nan is a PromQL keyword or number, not a metric name');
    expect(at('x # comment')[0]).toBe('a # comment cannot follow the selector');
  });
});

describe('matchers: PromQL semantics', () => {
  it('= and != compare exactly; a missing label is ""', () => {
    expect(selects('job="api"', { job: 'api' })).toBe(true);
    expect(selects('job="api"', { job: 'api2' })).toBe(false);
    expect(selects('job!="api"', {})).toBe(true);
    expect(selects('job=""', {})).toBe(true);
    expect(selects('job=""', { job: 'x' })).toBe(false);
  });

  it('=~ and !~ are fully anchored', () => {
    expect(selects('instance=~"api-1.*"', { instance: 'api-1:9100' })).toBe(true);
    expect(selects('instance=~"api"', { instance: 'api-1:9100' })).toBe(false);
    expect(selects('instance!~"api-1.*"', { instance: 'api-2:9100' })).toBe(true);
    expect(selects('instance=~".*"', {})).toBe(true);
    expect(selects('instance=~".+"', {})).toBe(false);
  });

  it('all matchers must hold', () => {
    expect(selects('instance="a:1",job=~"api.*"', { instance: 'a:1', job: 'api-gw' })).toBe(true);
    expect(selects('instance="a:1",job=~"api.*"', { instance: 'a:1', job: 'web' })).toBe(false);
  });

  it('reads only own labels: __proto__, constructor and toString are plain names', () => {
    expect(selects('constructor=""', {})).toBe(true);
    expect(selects('toString=~".+"', {})).toBe(false);
    expect(selects('__proto__="x"', { __proto__: 'x' } as unknown as Record<string, string>)).toBe(false);
    const own = makeLabels([['__proto__', 'x']]);
    expect(matchesAll(own, compileSelector('__proto__="x"'))).toBe(true);
  });
});

function series(labelSet: Record<string, string>, dropped: Array<[number, string]> = []): RawSeries {
  const builder = new SeriesBuilder(labels(labelSet));
  builder.add(0, 1);
  for (const [line, reason] of dropped) builder.drop(line, reason);
  return builder.build();
}

const result = (...all: RawSeries[]): ReadResult => ({ format: 'prometheus', series: all, notes: [] });

describe('selectSeries: --series', () => {
  it('keeps matching series, counts the skipped ones and notes it', () => {
    const read = result(series({ instance: 'a:1', job: 'api' }), series({ instance: 'b:1', job: 'api' }), series({ instance: 'c:1', job: 'db' }));
    const selected = selectSeries(read, { source: 'export.json', series: 'job="api"' });
    expect(selected.series.map((one) => one.labels.instance)).toEqual(['a:1', 'b:1']);
    expect(selected.selection).toEqual({ matchers: 'job="api"', total: 3, matched: 2, skipped: 1 });
    expect(selected.notes).toEqual([`export.json: --series 'job="api"' kept 2 of 3 series; skipped 1`]);
  });

  it('passes everything through without --series', () => {
    const read = result(series({ a: '1' }));
    expect(selectSeries(read, { source: 'f' })).toBe(read);
  });

  it('refuses a selector that matches nothing, showing some label sets', () => {
    const read = result(series({ instance: 'a:1' }), series({ instance: 'b:1' }));
    expect(leakScoreMessage(() => selectSeries(read, { source: 'f', series: 'instance="z"' }))).toBe(
      `f: --series 'instance="z"' matches none of the 2 series (e.g. {instance="a:1"}, {instance="b:1"}); check the label names and values`,
    );
    expect(leakScoreMessage(() => selectSeries(result(series({})), { source: 'f.csv', series: 'job="x"' }))).toContain(
      'no labels (CSV gets them from --label-col)',
    );
  });

  it('turns a bad selector into a one-line usage error', () => {
    const message = leakScoreMessage(() => compileSelector('job=api\nx'));
    expect(message).toContain(`--series 'job=api x': expected a quoted value`);
    expect(message).not.toContain('\n');
  });
});

describe('selectSeries: --strict (SPEC §1)', () => {
  it('fails on any dropped row, by reason with the first lines', () => {
    const read = result(
      series({ a: '1' }, [
        [4, 'value "abc" is not a number'],
        [9, 'value "x" is not a number'],
        [3, 'missing time'],
      ]),
      series({ a: '2' }, [[12, 'value "y" is not a number']]),
    );
    expect(leakScoreMessage(() => selectSeries(read, { source: 's.csv', strict: true }))).toBe(
      's.csv: 4 rows dropped and --strict is set: 3 × value is not a number (lines 4, 9, 12); 1 × missing time (line 3); fix the input or leave out --strict',
    );
  });

  it('counts lines that belong to no series, and passes clean input', () => {
    const read: ReadResult = {
      ...result(series({})),
      unattributed: { dropped: 1, droppedExamples: [{ line: 2, reason: 'invalid JSON' }], droppedReasons: [{ reason: 'invalid JSON', count: 1, lines: [2] }] },
    };
    expect(leakScoreMessage(() => selectSeries(read, { source: 'vm', strict: true }))).toContain('1 row dropped and --strict is set: 1 × invalid JSON (line 2)');
    expect(selectSeries(result(series({})), { source: 'ok', strict: true }).series).toHaveLength(1);
  });

  it('looks only at the series --series kept', () => {
    const read = result(series({ a: '1' }), series({ a: '2' }, [[5, 'missing value']]));
    expect(selectSeries(read, { source: 'f', series: 'a="1"', strict: true }).series).toHaveLength(1);
  });

  it('works through readInput, for every format', () => {
    expect(leakScoreMessage(() => readInput('time,rss\n0,1\n30,x\n', { source: 'a.csv', strict: true }))).toBe(
      'a.csv: 1 row dropped and --strict is set: 1 × value is not a number (line 3); fix the input or leave out --strict',
    );
    const nan = '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"5"],[2,"NaN"]]}]}}';
    expect(leakScoreMessage(() => readInput(nan, { source: 'p.json', strict: true }))).toContain('1 × value is not finite (line 2)');
    expect(() => readInput('time,rss\n0,1\n', { source: 'ok.csv', strict: true })).not.toThrow();
  });
});

describe('selectSeries: properties', () => {
  it('any selector text gives matchers or a one-line LeakScoreError, and selection never invents series', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc
        .array(
          fc.tuple(
            fc.constantFrom('job', 'instance', '__proto__', 'constructor', 'x'),
            fc.constantFrom('=', '!=', '=~', '!~'),
            fc.string({ maxLength: 8 }),
          ),
          { minLength: 1, maxLength: 3 },
        )
        .map((parts) => parts.map(([n, op, v]) => `${n}${op}${JSON.stringify(v)}`).join(',')),
    );
    const read = result(series({ job: 'api', instance: 'a:1' }), series({ job: 'db' }), series({ constructor: 'x' }));
    fc.assert(
      fc.property(text, (selector) => {
        try {
          const selected = selectSeries(read, { source: 'f', series: selector });
          expect(selected.series.length).toBeGreaterThan(0);
          for (const one of selected.series) expect(read.series).toContain(one);
          expect(selected.selection?.skipped).toBe(read.series.length - selected.series.length);
        } catch (error) {
          expect(error).toBeInstanceOf(LeakScoreError);
          expect((error as Error).message).not.toContain('\n');
        }
      }),
      fuzzParameters(),
    );
  });
});
