import { describe, expect, it } from 'vitest';
import { LeakScoreError } from '../../src/errors.js';
import { detectDelimiter, readCsv } from '../../src/formats/csv.js';
import { MAX_DROPPED_EXAMPLES } from '../../src/series.js';
import { arrays, leakScoreMessage } from './helpers.js';

const source = 'samples.csv';
const read = (text: string, options: { timeColumn?: string; valueColumn?: string } = {}) =>
  readCsv(text, { source, ...options });
const only = (text: string, options: { timeColumn?: string; valueColumn?: string } = {}) => {
  const result = read(text, options);
  expect(result.series).toHaveLength(1);
  return result.series[0]!;
};

describe('readCsv: delimiters and quoting', () => {
  it('reads the vectors shape: timestamp,rss_bytes', () => {
    const result = read('timestamp,rss_bytes\n0,100\n30,200\n60,300\n');
    expect(result.format).toBe('csv');
    expect(result.notes).toEqual([]);
    expect(arrays(result.series[0]!)).toEqual({ times: [0, 30, 60], values: [100, 200, 300] });
    expect(Object.keys(result.series[0]!.labels)).toEqual([]);
    expect(result.series[0]!.times).toBeInstanceOf(Float64Array);
  });

  it('detects ; and tab from the header line', () => {
    expect(arrays(only('time;rss\n0;100\n30;200\n'))).toEqual({ times: [0, 30], values: [100, 200] });
    expect(arrays(only('time\trss\n0\t100\n30\t200\n'))).toEqual({ times: [0, 30], values: [100, 200] });
    expect(detectDelimiter('a;b;c')).toBe(';');
    expect(detectDelimiter('a\tb')).toBe('\t');
    expect(detectDelimiter('"a;b",c')).toBe(',');
    expect(detectDelimiter('single')).toBe(',');
  });

  it('reads a decimal comma when ; is the delimiter', () => {
    expect(arrays(only('time;rss\n0;100,5\n'))).toEqual({ times: [0], values: [100.5] });
  });

  it('honours quoted fields holding delimiters, quotes and newlines', () => {
    const text = '"timestamp","note","rss"\n0,"a, ""b""",100\n30,"two\nlines",200\n60,x,300\n';
    const series = only(text);
    expect(arrays(series)).toEqual({ times: [0, 30, 60], values: [100, 200, 300] });
  });

  it('reads CRLF line endings and a BOM', () => {
    const series = only('\uFEFFtimestamp,rss\r\n0,100\r\n30,200\r\n');
    expect(arrays(series)).toEqual({ times: [0, 30], values: [100, 200] });
  });

  it("takes Grafana's sep= line as the delimiter and keeps line numbers", () => {
    const text = 'sep=;\n"Time";"Value"\n"2024-01-15 10:00:00Z";100\n"2024-01-15 10:00:30Z";oops\n';
    const series = only(text);
    expect(series.times.length).toBe(1);
    expect(series.values[0]).toBe(100);
    expect(series.droppedExamples).toEqual([{ line: 4, reason: 'value "oops" is not a number' }]);
    expect(arrays(only('"sep=,"\ntime,rss\n0,1\n'))).toEqual({ times: [0], values: [1] });
  });

  it('skips repeated header blocks without counting them as dropped', () => {
    const text = 'Time,Value\n0,100\n30,200\n\nTime,Value\n60,300\ntime,value\n90,400\n';
    const series = only(text);
    expect(arrays(series)).toEqual({ times: [0, 30, 60, 90], values: [100, 200, 300, 400] });
    expect(series.dropped).toBe(0);
  });

  it('turns broken quoting into a LeakScoreError naming the file', () => {
    const message = leakScoreMessage(() => read('time,rss\n0,100\n"30,200\n'));
    expect(message).toMatch(/^samples\.csv is not valid CSV \(.*line 3/);
  });
});

describe('readCsv: choosing columns', () => {
  it('finds columns by name, case-insensitively, in any position', () => {
    const series = only('host,RSS,Timestamp\na,100,0\nb,200,30\n');
    expect(arrays(series)).toEqual({ times: [0, 30], values: [100, 200] });
  });

  it('never picks between two columns that both have a listed name: it asks, listing both', () => {
    // `value` and `rss` could both be the RSS: which one is the user's to say (issue 4, Hygiene).
    const message = leakScoreMessage(() => read('timestamp,value,rss\n10,7,100\n'));
    expect(message).toBe('samples.csv: several columns could be the value ("value", "rss"); choose one with --value-col');
    expect(leakScoreMessage(() => read('date,timestamp,rss\n1,10,100\n'))).toContain('several columns could be the time ("date", "timestamp"); choose one with --time-col');
    expect(arrays(only('timestamp,value,rss\n10,7,100\n', { valueColumn: 'rss' }))).toEqual({ times: [10], values: [100] });
  });

  it('accepts a single *_bytes column and time-like names', () => {
    const series = only('sample_time,process_resident_memory_bytes\n0,100\n');
    expect(arrays(series)).toEqual({ times: [0], values: [100] });
  });

  it('refuses to guess between several *_bytes columns', () => {
    const message = leakScoreMessage(() => read('time,heap_bytes,rss_total_bytes\n0,1,2\n'));
    expect(message).toContain('"heap_bytes", "rss_total_bytes"');
    expect(message).toContain('--value-col');
  });

  it('uses --time-col / --value-col by name or 1-based number', () => {
    const text = 'when,used,other\n0,100,5\n30,200,6\n';
    expect(arrays(only(text, { timeColumn: 'WHEN', valueColumn: 'used' }))).toEqual({ times: [0, 30], values: [100, 200] });
    expect(arrays(only(text, { timeColumn: '1', valueColumn: '3' }))).toEqual({ times: [0, 30], values: [5, 6] });
  });

  it('a column named by the option wins over the default names', () => {
    const series = only('time,rss,vm_bytes\n0,100,7\n', { valueColumn: 'vm_bytes' });
    expect(arrays(series)).toEqual({ times: [0], values: [7] });
  });

  it('lists the columns found and names the flag when a column is missing', () => {
    const message = leakScoreMessage(() => read('when,used\n0,100\n'));
    expect(message).toContain('samples.csv');
    expect(message).toContain('"when", "used"');
    expect(message).toContain('--time-col');
    expect(message).not.toContain('\n');

    const valueMessage = leakScoreMessage(() => read('time,cpu\n0,100\n'));
    expect(valueMessage).toContain('"time", "cpu"');
    expect(valueMessage).toContain('--value-col');
  });

  it('reports an unknown --time-col name or an index past the end', () => {
    expect(leakScoreMessage(() => read('time,rss\n0,1\n', { timeColumn: 'clock' }))).toMatch(/no column named "clock" for --time-col; columns found: "time", "rss"/);
    expect(leakScoreMessage(() => read('time,rss\n0,1\n', { valueColumn: '3' }))).toMatch(/--value-col 3 is past the last column \(2\)/);
  });

  it('refuses the same column for time and value', () => {
    expect(leakScoreMessage(() => read('time,rss\n0,1\n', { valueColumn: 'time' }))).toContain('both come from column 1');
  });
});

describe('readCsv: files without a header', () => {
  it('reads two numeric columns as time,value and says so', () => {
    const result = read('0,100\n30,200\n');
    expect(arrays(result.series[0]!)).toEqual({ times: [0, 30], values: [100, 200] });
    // Whether the numbers are KiB is judged on the values, header or not (src/cli/unit-hint.ts, issue 18).
    expect(result.notes).toEqual(['samples.csv: no header row; read column 1 as time and column 2 as value']);
  });

  it('needs column numbers when there are more than two columns', () => {
    const message = leakScoreMessage(() => read('0,5,100\n30,6,200\n'));
    expect(message).toContain('no header row and 3 columns');
    expect(message).toContain('--time-col');
    expect(arrays(only('0,5,100\n30,6,200\n', { timeColumn: '1', valueColumn: '3' }))).toEqual({ times: [0, 30], values: [100, 200] });
  });

  it('cannot match a column name without a header', () => {
    expect(leakScoreMessage(() => read('0,100\n', { timeColumn: 'time' }))).toContain('give a 1-based column number');
  });
});

describe('readCsv: dropped rows (SPEC §1)', () => {
  it('drops and counts bad rows, naming them by 1-based line', () => {
    const text = [
      'timestamp,rss', // 1
      '0,100', // 2
      ',200', // 3 missing time
      '60,', // 4 missing value
      'soon,300', // 5
      '90,NaN', // 6
      '120,-5', // 7
      '', // 8 blank: not a row
      '150', // 9 short row
      '180,600', // 10
    ].join('\n');
    const series = only(text);
    expect(arrays(series)).toEqual({ times: [0, 180], values: [100, 600] });
    expect(series.dropped).toBe(6);
    expect(series.droppedExamples).toEqual([
      { line: 3, reason: 'missing time' },
      { line: 4, reason: 'missing value' },
      { line: 5, reason: 'time "soon" is not a number or an ISO 8601 date' },
      { line: 6, reason: 'value NaN is not finite' },
      { line: 7, reason: 'value "-5" is negative' },
    ]);
    expect(series.droppedExamples.length).toBe(MAX_DROPPED_EXAMPLES);
  });

  it('keeps line numbers true after blank lines, CRLF and a multi-line quoted field', () => {
    const text = 'time,note,rss\r\n\r\n0,"a\r\nb",100\r\n\r\n\r\n30,x,bad\r\n';
    const series = only(text);
    expect(series.droppedExamples).toEqual([{ line: 7, reason: 'value "bad" is not a number' }]);
  });

  it('counts lines in old Mac files ending lines with a lone CR', () => {
    expect(only('time,rss\r0,1\r\r30,bad\r').droppedExamples).toEqual([{ line: 4, reason: 'value "bad" is not a number' }]);
  });

  it('keeps read order: no sorting or de-duplication here', () => {
    expect(arrays(only('time,rss\n60,3\n0,1\n60,4\n'))).toEqual({ times: [60, 0, 60], values: [3, 1, 4] });
  });
});

describe('readCsv: times and units', () => {
  it('scales millisecond timestamps and reads units in cells', () => {
    const series = only('ts,mem\n1700000000000,212 MiB\n1700000030000,1.2 GB\n');
    expect(arrays(series)).toEqual({ times: [1700000000, 1700000030], values: [212 * 1024 ** 2, 1.2e9] });
  });

  it('notes when times without a zone were read as UTC', () => {
    const result = read('time,rss\n2024-01-15 10:00:00,100\n');
    expect(result.series[0]!.times[0]).toBe(Date.UTC(2024, 0, 15, 10) / 1000);
    expect(result.notes).toEqual(['samples.csv: times without a zone were read as UTC']);
    expect(read('time,rss\n2024-01-15T10:00:00Z,100\n').notes).toEqual([]);
  });

  it('throws only LeakScoreError for user mistakes', () => {
    expect(() => read('a,b\n1,2\n', { timeColumn: 'nope' })).toThrow(LeakScoreError);
  });
});
