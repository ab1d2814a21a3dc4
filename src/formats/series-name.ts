/**
 * A series' display name as Grafana writes it in a CSV header and
 * Prometheus prints it: `process_resident_memory_bytes{instance="api-1:9100", job="api"}`,
 * `{pod="a"}`, or a bare metric name. Used to label the series of a
 * multi-frame or wide CSV. A hand-written scanner (names come from the
 * input, so no regular expression).
 */

/** Label pairs in the name, `__name__` first when there is a metric name; undefined when `text` is not such a name. */
export function parseSeriesName(text: string): Array<[string, string]> | undefined {
  const s = text.trim();
  let pos = 0;
  while (pos < s.length && isMetricChar(s.charCodeAt(pos), pos === 0)) pos += 1;
  const metric = s.slice(0, pos);
  const pairs: Array<[string, string]> = metric === '' ? [] : [['__name__', metric]];
  if (pos === s.length) return metric === '' ? undefined : pairs;
  if (s[pos] !== '{' || s[s.length - 1] !== '}') return undefined;
  pos += 1;
  const end = s.length - 1;
  for (;;) {
    while (pos < end && (s[pos] === ' ' || s[pos] === ',')) pos += 1;
    if (pos >= end) break;
    const nameStart = pos;
    while (pos < end && isLabelChar(s.charCodeAt(pos), pos === nameStart)) pos += 1;
    const name = s.slice(nameStart, pos);
    if (name === '' || s[pos] !== '=' || s[pos + 1] !== '"') return undefined;
    pos += 2;
    let value = '';
    for (;;) {
      if (pos >= end) return undefined;
      const char = s[pos] as string;
      if (char === '"') break;
      if (char === '\\' && pos + 1 < end) {
        const next = s[pos + 1] as string;
        value += next === 'n' ? '\n' : next;
        pos += 2;
        continue;
      }
      value += char;
      pos += 1;
    }
    pos += 1;
    if (pairs.some(([existing]) => existing === name)) return undefined;
    pairs.push([name, value]);
  }
  return pairs.length === 0 ? undefined : pairs;
}

/** True when `text` names a series by labels (`{…}`), not just a word. */
export function hasLabelSet(text: string): boolean {
  const pairs = parseSeriesName(text);
  return pairs !== undefined && pairs.some(([name]) => name !== '__name__');
}

function isMetricChar(code: number, first: boolean): boolean {
  return isLabelChar(code, first) || code === 58; // ':'
}

function isLabelChar(code: number, first: boolean): boolean {
  const letter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
  return letter || (!first && code >= 48 && code <= 57);
}
