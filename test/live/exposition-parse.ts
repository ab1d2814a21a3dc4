/**
 * Reads unlabelled samples out of Prometheus text exposition, strictly
 * enough for tests: every line is a comment or `name value`, each name once.
 */
export function parseExposition(text: string): Record<string, number> {
  const values: Record<string, number> = {};
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*) (\S+)$/.exec(line);
    if (match === null) throw new Error(`not an unlabelled sample line: ${JSON.stringify(line)}`);
    const [, name, value] = match as unknown as [string, string, string];
    if (name in values) throw new Error(`${name} appears twice`);
    values[name] = value === '+Inf' ? Infinity : value === '-Inf' ? -Infinity : Number(value);
  }
  return values;
}
