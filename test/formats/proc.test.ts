import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/formats/detect.js';
import { readProcLog } from '../../src/formats/proc.js';
import { readInput } from '../../src/samples/read-input.js';
import { arrays } from './helpers.js';

const source = 'vmrss.log';
const read = (lines: string[]) => readProcLog(lines.join('\n'), { source });

describe('readProcLog: /proc/<pid>/status sampler logs (SPEC §1: KiB)', () => {
  it('reads "<time> VmRSS: N kB" lines, kB being KiB', () => {
    const result = read(['1732000000 VmRSS:\t  184320 kB', '1732000030 VmRSS:\t  184448 kB']);
    expect(result.format).toBe('proc');
    expect(arrays(result.series[0]!)).toEqual({ times: [1732000000, 1732000030], values: [184320 * 1024, 184448 * 1024] });
    expect(result.notes).toEqual(['vmrss.log: VmRSS read in KiB (/proc writes "kB" for 1024 bytes)']);
  });

  it('accepts ISO and bracketed times and separators loggers put before the field', () => {
    const series = read(['2024-11-19T07:06:40Z VmRSS: 1000 kB', '[2024-11-19T07:07:10Z] VmRSS: 1001 kB', '1732000060,VmRSS:\t1002 kB']).series[0]!;
    expect(arrays(series)).toEqual({ times: [1732000000, 1732000030, 1732000060], values: [1000 * 1024, 1001 * 1024, 1002 * 1024] });
  });

  it('stamps whole status dumps with the time line before them, date(1) output included', () => {
    const dump = (time: string, kib: number) => [time, 'Name:\tnode', 'VmHWM:\t  999999 kB', `VmRSS:\t  ${kib} kB`, 'Threads:\t11'];
    const series = read([...dump('Tue Nov 19 07:06:40 UTC 2024', 500), ...dump('1732000030', 501)]).series[0]!;
    expect(arrays(series)).toEqual({ times: [1732000000, 1732000030], values: [500 * 1024, 501 * 1024] });
    expect(series.dropped).toBe(0);
  });

  it('drops and names what it cannot use', () => {
    const series = read([
      'VmRSS: 5 kB', // 1: no time before it
      '1732000000 VmRSS: lots', // 2
      'Tue Nov 19 07:06:40 CET 2024', // 3: a zone that would be a guess
      'VmRSS: 6 kB', // 4
      'some junk', // 5
      '1732000030 VmRSS: 7 MB', // 6
    ]).series[0]!;
    expect(series.times.length).toBe(0);
    expect(series.droppedExamples).toEqual([
      { line: 1, reason: 'VmRSS line without a time before it' },
      { line: 2, reason: 'value "lots" is not a number' },
      { line: 3, reason: 'time "Tue Nov 19 07:06:40 CET 2024" is in zone "CET"; log with date -u or date +%s' },
      { line: 4, reason: 'VmRSS line without a time before it' },
      { line: 5, reason: 'neither a time nor a VmRSS line' },
    ]);
    expect(series.droppedReasons?.at(-1)).toEqual({ reason: 'value has an unknown unit (/proc writes kB)', count: 1, lines: [6] });
  });

  it('is detected from content; --unit applies to numbers written without a unit', () => {
    expect(detectFormat('1732000000 VmRSS:\t 1 kB\n')).toBe('proc');
    expect(detectFormat('Name:\tnode\nVmRSS:\t 1 kB\n')).toBe('proc');
    expect(detectFormat('time,VmRSS\n1,2\n')).toBe('csv');
    expect(readInput('1 VmRSS: 3\n', { source, unit: 'B' }).series[0]!.values[0]).toBe(3);
    expect(readInput('1 VmRSS: 3\n', { source }).series[0]!.values[0]).toBe(3072);
  });
});
