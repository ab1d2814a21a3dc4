import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/formats/csv.js';
import { readInput } from '../../src/samples/read-input.js';
import { arrays, leakScoreMessage } from './helpers.js';

const source = 'export.csv';
const read = (text: string, options: { labelColumn?: string; valueColumn?: string } = {}) => readCsv(text, { source, ...options });
const labelsOf = (text: string, options = {}) => read(text, options).series.map((s) => ({ ...s.labels }));

describe('readCsv: Grafana frames one after another', () => {
  const frames = [
    'sep=,',
    '"Time","process_resident_memory_bytes{instance=""a:1"", job=""api""}"',
    '2024-11-19 07:06:40,180.0 MiB',
    '2024-11-19 07:07:10,181.5 MiB',
    '"Time","process_resident_memory_bytes{instance=""b:1"", job=""api""}"',
    '2024-11-19 07:06:40,90 MiB',
    '2024-11-19 07:07:10,oops',
  ].join('\r\n');

  it('starts a series at each header that names another value column, labelled from the name', () => {
    const result = read(frames);
    expect(result.series.map((s) => ({ ...s.labels }))).toEqual([
      { __name__: 'process_resident_memory_bytes', instance: 'a:1', job: 'api' },
      { __name__: 'process_resident_memory_bytes', instance: 'b:1', job: 'api' },
    ]);
    expect(arrays(result.series[0]!)).toEqual({ times: [1732000000, 1732000030], values: [180 * 1048576, 181.5 * 1048576] });
    expect(result.series[1]!.droppedExamples).toEqual([{ line: 7, reason: 'value "oops" is not a number' }]);
    expect(result.notes).toEqual(['export.csv: times without a zone were read as UTC']);
  });

  it('labels legend names that are not label sets as series="…"', () => {
    expect(labelsOf('"Time","api-1"\n0,1\n"Time","api-2"\n0,2\n')).toEqual([{ series: 'api-1' }, { series: 'api-2' }]);
  });

  it('leaves a single frame unlabelled (SPEC §1) and reads its one value column', () => {
    const result = read('"Time","worker-3:9100"\r\n0,1.5 GB\r\n');
    expect(result.series).toHaveLength(1);
    expect({ ...result.series[0]!.labels }).toEqual({});
    expect(result.series[0]!.values[0]).toBe(1.5e9);
    expect(result.notes).toEqual(['export.csv: read column "worker-3:9100" as the RSS (the only column besides the time)']);
  });
});

describe('readCsv: Grafana "Series joined by time" (wide)', () => {
  it('reads every column named by a label set as its own series; empty cells are dropped', () => {
    const text = 'sep=;\n"Time";"mem{pod=""a""}";"mem{pod=""b""}"\n1000;10;20\n2000;11;\n';
    const result = read(text);
    expect(result.series.map((s) => [s.labels.pod, s.times.length, s.dropped])).toEqual([
      ['a', 2, 0],
      ['b', 1, 1],
    ]);
  });

  it('asks when value columns are not label sets', () => {
    expect(leakScoreMessage(() => read('time,heap_bytes,rss_total_bytes\n0,1,2\n'))).toContain('several columns could be the value');
  });
});

describe('readCsv: long format (--label-col)', () => {
  const long = ['timestamp,pod,rss', '0,a,100', '0,b,200', '30,a,110', '30,b,200', '60,,5'].join('\n');

  it('splits rows into one series per value, an empty value being no label', () => {
    const result = read(long, { labelColumn: 'pod' });
    expect(result.series.map((s) => [{ ...s.labels }, arrays(s)])).toEqual([
      [{ pod: 'a' }, { times: [0, 30], values: [100, 110] }],
      [{ pod: 'b' }, { times: [0, 30], values: [200, 200] }],
      [{}, { times: [60], values: [5] }],
    ]);
  });

  it('refuses interleaved series without --label-col, naming the column and the flag', () => {
    expect(leakScoreMessage(() => read(long))).toBe(
      'export.csv: rows of several series seem interleaved (column "pod" changes where the time repeats or goes back, first at line 3); read one series per pod with --label-col pod, and pick some with --series',
    );
    // Grouped by pod: the time goes back where the pod changes.
    expect(leakScoreMessage(() => read('time,host,rss\n0,a,1\n30,a,2\n0,b,3\n30,b,4\n'))).toContain('--label-col host');
  });

  it('does not mistake a constant or numeric extra column for interleaving', () => {
    expect(read('time,host,heap,rss\n0,a,5,1\n30,a,6,2\n30,a,7,3\n').series).toHaveLength(1);
  });

  it("splits Grafana's series-as-rows export by its Series column without a flag, and says so", () => {
    const result = read('Series;Time;Value\nrss{pod="a"};1000;1\nrss{pod="b"};1000;2\n');
    expect(result.series.map((s) => ({ ...s.labels }))).toEqual([{ Series: 'rss{pod="a"}' }, { Series: 'rss{pod="b"}' }]);
    expect(result.notes).toEqual(['export.csv: one series per value of column "Series"']);
  });

  it('names a missing --label-col and refuses it for other formats', () => {
    expect(leakScoreMessage(() => read(long, { labelColumn: 'node' }))).toBe(
      'export.csv: no column named "node" for --label-col; columns found: "timestamp", "pod", "rss"',
    );
    expect(leakScoreMessage(() => read(long, { labelColumn: 'timestamp' }))).toContain('--label-col names the time column');
    expect(leakScoreMessage(() => readInput('{"ts":0,"rss":1}\n', { source: 'l', labelColumn: 'pod' }))).toContain(
      '--label-col splits CSV rows into series, but l is JSON Lines',
    );
  });

  it('selects among the split series with --series', () => {
    const result = readInput(long, { source, labelColumn: 'pod', series: 'pod=~"a|b",pod!="b"' });
    expect(result.series.map((s) => s.labels.pod)).toEqual(['a']);
    expect(result.selection).toEqual({ matchers: 'pod=~"a|b",pod!="b"', total: 3, matched: 1, skipped: 2 });
  });
});
