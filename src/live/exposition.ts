/**
 * The Prometheus text exposition format (version 0.0.4) for a few unlabelled
 * gauges. `record --metrics-port` writes it by hand so the CLI never needs
 * prom-client: three gauges without labels are a dozen lines of a stable
 * format, where prom-client would be a dependency for every CLI user (or a
 * second code path when it is missing).
 */
import type { GaugeSpec } from './gauges.js';

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** A float as Prometheus' parser reads it (Go's ParseFloat: NaN, +Inf, -Inf, 1e+21). */
export function formatSampleValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** HELP text escapes only backslash and line feed (the format's rule). */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/**
 * One HELP/TYPE block per gauge, and its sample when it has a value; a gauge
 * with no value yet (null) has no sample line, so Prometheus sees no series
 * rather than a false 0.
 */
export function renderGauges(gauges: ReadonlyArray<{ spec: GaugeSpec; value: number | null }>): string {
  const lines: string[] = [];
  for (const { spec, value } of gauges) {
    lines.push(`# HELP ${spec.name} ${escapeHelp(spec.help)}`, `# TYPE ${spec.name} gauge`);
    if (value !== null) lines.push(`${spec.name} ${formatSampleValue(value)}`);
  }
  return `${lines.join('\n')}\n`;
}
