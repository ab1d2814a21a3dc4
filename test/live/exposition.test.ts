import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSampleValue, renderGauges } from '../../src/live/exposition.js';
import { GAUGES } from '../../src/live/gauges.js';
import { parseVmSize, readVmsBytes } from '../../src/live/process-memory.js';
import type { ProcFs } from '../../src/record/proc.js';
import { parseExposition } from './exposition-parse.js';

describe('text exposition for record --metrics-port', () => {
  it('writes every float so that it reads back as the same float', () => {
    fc.assert(
      fc.property(fc.double(), (value) => {
        const text = formatSampleValue(value);
        const back = text === '+Inf' ? Infinity : text === '-Inf' ? -Infinity : Number(text);
        expect(Object.is(back, value) || (Number.isNaN(back) && Number.isNaN(value)) || (value === 0 && back === 0)).toBe(true);
      }),
      { numRuns: 5000 },
    );
    expect([NaN, Infinity, -Infinity, 1e21, 5e-324].map(formatSampleValue)).toEqual(['NaN', '+Inf', '-Inf', '1e+21', '5e-324']);
  });

  it('declares each gauge, and leaves out the sample of one with no value yet', () => {
    const text = renderGauges([
      { spec: GAUGES.rss, value: 123 },
      { spec: GAUGES.vms, value: null },
      { spec: { name: 'x', help: 'back\\slash\nnewline' }, value: 0.5 },
    ]);
    expect(text).toBe(
      [
        `# HELP process_memory_rss_bytes ${GAUGES.rss.help}`,
        '# TYPE process_memory_rss_bytes gauge',
        'process_memory_rss_bytes 123',
        `# HELP process_memory_vms_bytes ${GAUGES.vms.help}`,
        '# TYPE process_memory_vms_bytes gauge',
        '# HELP x back\\\\slash\\nnewline',
        '# TYPE x gauge',
        'x 0.5',
        '',
      ].join('\n'),
    );
    expect(parseExposition(text)).toEqual({ process_memory_rss_bytes: 123, x: 0.5 });
  });
});

describe('VMS from /proc/PID/status', () => {
  const status = (kib: number | null): string =>
    ['Name:\tnode', 'Pid:\t7', kib === null ? '' : `VmSize:\t ${kib} kB`, 'VmRSS:\t   5000 kB', ''].join('\n');

  it('reads VmSize in KiB as bytes, and knows when there is none', () => {
    expect(parseVmSize(status(1_049_088))).toBe(1_049_088 * 1024);
    expect(parseVmSize(status(null))).toBeUndefined();
  });

  it('sums over descendants with includeChildren, skipping those that are gone', () => {
    const files: Record<string, string> = {
      '/proc/10/status': status(1000),
      '/proc/10/stat': '10 (sh) S 1 10 10 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 500 0 0',
      '/proc/11/status': status(200),
      '/proc/11/stat': '11 (node x) S 10 10 10 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 501 0 0',
      '/proc/12/stat': '12 (gone) Z 11 10 10 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 502 0 0',
    };
    const fs: ProcFs = {
      read: (path) => {
        const text = files[path];
        if (text === undefined) throw Object.assign(new Error(path), { code: 'ENOENT' });
        return text;
      },
      list: () => ['10', '11', '12', 'self'],
    };
    expect(readVmsBytes(10, false, fs)).toBe(1000 * 1024);
    expect(readVmsBytes(10, true, fs)).toBe(1200 * 1024);
    expect(readVmsBytes(99, true, fs)).toBeNull();
    // This process, on Linux.
    expect(readVmsBytes('self')).toBeGreaterThan(process.memoryUsage.rss());
  });
});
