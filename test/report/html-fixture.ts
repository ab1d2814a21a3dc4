/**
 * A three-series Prometheus export for the HTML tests: one leaking (the leak
 * alert fires), one whose RSS crosses 400 MiB twice for 5 min (MemoryHigh
 * goes pending twice and never fires) and once for 20 min (pending, then
 * firing), and one flat.
 */
const MiB = 1048576;
const START = 1732000000;

function wobble(i: number): number {
  return Math.sin(i * 1.7) * 0.8 + Math.cos(i * 0.37) * 0.5;
}

const rssAt = (i: number): number => {
  const minute = i / 2;
  const high = (minute >= 20 && minute < 25) || (minute >= 40 && minute < 45) || (minute >= 70 && minute < 90);
  return high ? 420 + wobble(i) : 300 + wobble(i);
};

export const HTML_SERIES = {
  leaking: (i: number) => 180 + i * 0.5 + wobble(i),
  spiky: rssAt,
  flat: (i: number) => 150 + wobble(i),
};

export function htmlFixture(): string {
  const result = Object.entries(HTML_SERIES).map(([pod, mibAt]) => ({
    metric: { __name__: 'process_resident_memory_bytes', job: 'api', pod },
    values: Array.from({ length: 240 }, (_, i) => [START + i * 30, String(Math.round(mibAt(i) * MiB))]),
  }));
  return JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } });
}
