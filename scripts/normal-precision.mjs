#!/usr/bin/env node
/**
 * Is simple-statistics precise enough for the Mann–Kendall p-value and the
 * Theil–Sen interval (issue 16)? Compares, against 40-digit references,
 * src/analysis/robust/normal.ts (the built dist/) with simple-statistics'
 * cumulativeStdNormalProbability, errorFunction and probit. The references
 * were computed with mpmath (mp.dps = 40):
 *   upper tail   erfc(z/√2)/2
 *   quantile     √2·erfinv(2p − 1)
 * Run: npm run build && node scripts/normal-precision.mjs
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const ss = createRequire(join(root, 'package.json'))('simple-statistics');
const { normalUpperTail, normalQuantile } = await import(join(root, 'dist', 'analysis', 'robust', 'normal.js'));

const UPPER_TAIL = [[0, 0.5], [0.5, 0.3085375387259869], [1, 0.15865525393145705], [1.645, 0.04998490553912136], [1.96, 0.024997895148220435], [2.326, 0.010009275340867665], [2.576, 0.004997532315735017], [3, 0.0013498980316300946], [3.09, 0.0010007824766140108], [3.291, 0.0004991595663818897], [3.5, 0.00023262907903552504], [3.719, 0.00010000652593416145], [4, 3.1671241833119924e-05], [4.265, 9.995110090244851e-06], [5, 2.866515718791939e-07], [6, 9.86587645037698e-10], [8, 6.220960574271784e-16], [10, 7.619853024160525e-24], [15, 3.670966199312751e-51], [20, 2.7536241186062337e-89], [30, 4.906713927148187e-198], [37, 5.725571222524577e-300]];
const QUANTILE = [[0.5, 0.0], [0.6, 0.2533471031357997], [0.8, 0.8416212335729144], [0.9, 1.2815515655446006], [0.95, 1.6448536269514722], [0.975, 1.9599639845400538], [0.99, 2.3263478740408408], [0.995, 2.5758293035489004], [0.999, 3.090232306167813], [0.9995, 3.290526731491926], [0.99995, 3.890591886413121]];

const rel = (got, want) => (want === 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want));
const fmt = (x) => (x === 0 ? '0' : x.toExponential(1));

console.log('P(Z > z): relative error');
console.log('     z  reference     normal.ts  ss 1−cdf(table)  ss (1−erf)/2');
for (const [z, want] of UPPER_TAIL) {
  const ours = normalUpperTail(z);
  const table = 1 - ss.cumulativeStdNormalProbability(z);
  const erf = (1 - ss.errorFunction(z / Math.SQRT2)) / 2;
  console.log(`${String(z).padStart(6)}  ${want.toExponential(3).padStart(10)}  ${fmt(rel(ours, want)).padStart(9)}  ${fmt(rel(table, want)).padStart(15)}  ${fmt(rel(erf, want)).padStart(12)}`);
}
console.log('\nz with P(Z ≤ z) = p: relative error (absolute at p = 0.5)');
console.log('       p  reference  normal.ts  ss probit');
for (const [p, want] of QUANTILE) {
  console.log(`${String(p).padStart(8)}  ${want.toFixed(6).padStart(9)}  ${fmt(rel(normalQuantile(p), want)).padStart(9)}  ${fmt(rel(ss.probit(p), want)).padStart(9)}`);
}
