#!/usr/bin/env python3
"""Deterministic generator of a fleet of RSS traces for leak-score benchmarks.

    python3 bench/gen_fleet.py OUT [--format prom|csv] [--series N] [--samples M] [--seed S]

Writes N series (default 500) of M samples each (default 2880: one day at
30 s), every series starting at 1767225600 (2026-01-01T00:00:00Z), the
same clock and step as gen_big.py. OUT may be "-" for standard output.

Each series has gen_big.py's shape (all in MiB before rounding to 4 KiB
pages): a base, warm-up caches over the first 30 min after a start, a GC
sawtooth (heap climbs 0.3-1.2 MiB per sample to a 12-30 MiB peak, then drops
to 0-4) and triangular noise of +-0.75. What differs is the behaviour, chosen
by the series' index so the mix is fixed:

    flat        (every other index;      390 of 500)  no growth beyond the sawtooth
    leaking     (i % 10 in {3, 7};        90 of 500)  2-20 MiB/h from the start, no restart
    restarting  (i % 25 == 12;            20 of 500)  15-60 MiB/h, OOM-killed at 1 GiB
                                                         or redeployed every 4-8 h,
                                                         each start from the base again

(a restarting index wins over a leaking one: 12, 37, 62 ... are restarting.)
The base is 150-350 MiB per series, so the fleet is not one line repeated.

Formats:
  prom  Prometheus /api/v1/query_range JSON, one matrix result per series,
        labelled {__name__="process_resident_memory_bytes",
        instance="app-017:9100", job="app"}: what a user exports for a fleet
        (`curl .../api/v1/query_range?query=process_resident_memory_bytes`).
  csv   long format, header "timestamp,series,rss_bytes", then
        "1767225600,app-017,209715200" lines, series after series. leak-score
        reads a column named `series` as the series' name by itself
        (src/formats/csv.ts; `--label-col` chooses another column).

The samples are the same in both formats. Determinism as in gen_big.py: one
random.Random(seed + i) per series, only IEEE +,-,*,/ and int(), so the output
is byte-identical on any CPython >= 3.2. Series are written one at a time, so
memory stays flat whatever N is.
"""
import argparse
import random
import sys

T0 = 1767225600
STEP = 30
PER_HOUR = 120.0  # samples per hour at 30 s


def kind(i):
    if i % 25 == 12:
        return "restarting"
    if i % 10 in (3, 7):
        return "leaking"
    return "flat"


def series(i, m, seed):
    """Yield rss_bytes for the m samples of series i."""
    r = random.Random(seed + i).random
    k = kind(i)
    base = 150.0 + 200.0 * r()
    rate = 0.0
    if k == "leaking":
        rate = (2.0 + 18.0 * r()) / PER_HOUR
    elif k == "restarting":
        rate = (15.0 + 45.0 * r()) / PER_HOUR
    age = 0
    lifetime = m + 1  # flat and leaking series never restart
    leak = 0.0
    rss_mib = 0.0
    heap = 4.0 * r()
    heap_rate = 0.3 + 0.9 * r()
    heap_max = 12.0 + 18.0 * r()
    for _ in range(m):
        if k == "restarting" and (age == 0 or age >= lifetime or rss_mib > 1024.0):
            age = 0
            lifetime = 480 + int(r() * 480)  # a deploy every 4-8 h
            leak = 0.0
            heap = 4.0 * r()
        heap += heap_rate
        if heap >= heap_max:
            heap = 4.0 * r()
            heap_rate = 0.3 + 0.9 * r()
            heap_max = 12.0 + 18.0 * r()
        leak += rate
        warm = 24.0 if age >= 60 else 24.0 * age / 60.0
        rss_mib = base + warm + heap + leak + (r() + r() - 1.0) * 0.75
        age += 1
        yield int(rss_mib * 256.0 + 0.5) * 4096


def write(out, fmt, n, m, seed):
    w = out.write
    if fmt == "prom":
        w('{"status":"success","data":{"resultType":"matrix","result":[')
        for i in range(n):
            if i:
                w(",")
            w('{"metric":{"__name__":"process_resident_memory_bytes","instance":"app-%03d:9100","job":"app"},"values":[' % i)
            w(",".join('[%d,"%d"]' % (T0 + STEP * j, v) for j, v in enumerate(series(i, m, seed))))
            w("]}")
        w("]}}\n")
    elif fmt == "csv":
        w("timestamp,series,rss_bytes\n")
        for i in range(n):
            name = "app-%03d" % i
            w("".join("%d,%s,%d\n" % (T0 + STEP * j, name, v) for j, v in enumerate(series(i, m, seed))))
    else:
        raise SystemExit("unknown format %r" % fmt)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help='output file, or "-" for stdout')
    ap.add_argument("--format", choices=("prom", "csv"), default="prom")
    ap.add_argument("--series", type=int, default=500)
    ap.add_argument("--samples", type=int, default=2880)
    ap.add_argument("--seed", type=int, default=20260101)
    a = ap.parse_args(argv)
    if a.series < 1 or a.samples < 1:
        ap.error("--series and --samples must be >= 1")
    if a.out == "-":
        write(sys.stdout, a.format, a.series, a.samples, a.seed)
        sys.stdout.flush()
    else:
        with open(a.out, "w", encoding="ascii", newline="\n", buffering=1 << 20) as f:
            write(f, a.format, a.series, a.samples, a.seed)


if __name__ == "__main__":
    main()
