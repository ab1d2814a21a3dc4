/**
 * A workload's companions and restarts → sentences for the report (issue
 * 17). Written after the verdict, which the scored series alone decided:
 * these words explain it and never change it.
 */
import type { Verdict } from '../gate.js';
import type { Explanation } from '../diagnose/explanation.js';
import type { LimitProjection } from '../report/facts.js';
import { formatDuration, formatMiB, formatProjection, formatRate, formatTime } from '../report/format.js';
import { ROLE_WORDS } from './metric-names.js';
import { SETTLE_SECONDS } from './restarts.js';
import type { FleetWorkload } from './fleet.js';

/**
 * Growth a hint counts as growth: the robust analysis' default budget
 * (5 MiB/h), so "grows" means the same here as in a verdict.
 */
export const HINT_GROWTH_MIB_PER_HOUR = 5;

const grows = (rate: number | null): rate is number => rate !== null && rate >= HINT_GROWTH_MIB_PER_HOUR;
const flat = (rate: number | null): rate is number => rate !== null && rate < HINT_GROWTH_MIB_PER_HOUR;

export function explainWorkload(workload: FleetWorkload, verdict: Verdict, lastBytes: number | null, projection?: LimitProjection): Explanation {
  const sentences: string[] = [];
  const hints: string[] = [];
  const { rates } = workload;
  const companions = workload.companions.map((role) => ROLE_WORDS[role]);
  sentences.push(
    `Scored the ${ROLE_WORDS[workload.scoredRole]} (${workload.scoredName})` +
      (companions.length === 0 ? '.' : `; companions: ${companions.join(', ')}.`),
  );
  if (workload.scoredRole === 'usage') {
    hints.push('usage-scored');
    sentences.push('Only usage was found, which counts page cache: growth may be file cache, not a leak; export container_memory_working_set_bytes too.');
  }
  if (workload.restarts.length > 0) {
    hints.push('restarts');
    const shown = workload.restarts.slice(0, 3).map((restart) => `${formatTime(restart.time)} (${restart.signals.join(', ')})`);
    const more = workload.restarts.length > 3 ? ` and ${workload.restarts.length - 3} more` : '';
    sentences.push(
      `Restarted ${workload.restarts.length === 1 ? 'once' : `${workload.restarts.length} times`}: ${shown.join(', ')}${more}; ` +
        `each run is judged on its own, and the ${formatDuration(SETTLE_SECONDS)} after each restart ` +
        `(${workload.settlingSamples} ${workload.settlingSamples === 1 ? 'sample' : 'samples'}) ${workload.settlingSamples === 1 ? 'was' : 'were'} ignored, ` +
        'as the kubelet keeps reporting a dead container for 3–4.5 min (kubernetes/kubernetes#128538).',
    );
  }
  const scoredGrows = grows(rates.scored);
  if (grows(rates.pageCache) && flat(rates.workingSet ?? rates.scored)) {
    hints.push('page-cache');
    sentences.push(
      `Growth is page cache, not a leak: usage − working set grew ${formatRate(rates.pageCache)} while the working set grew ${formatRate(rates.workingSet ?? rates.scored)}; the kernel reclaims that cache under pressure.`,
    );
  } else if (workload.scoredRole === 'workingSet' && scoredGrows && flat(rates.rss)) {
    hints.push('active-file-cache');
    sentences.push(
      `The working set grows (${formatRate(rates.scored)}) but RSS does not (${formatRate(rates.rss)}): active file cache the kernel counts in the working set, not the process's own memory.`,
    );
  } else if (scoredGrows && grows(rates.rss) && workload.scoredRole !== 'rss') {
    hints.push('anonymous-growth');
    sentences.push(
      `RSS grows with the working set (${formatRate(rates.rss)} and ${formatRate(rates.scored)}): anonymous memory (heap or native allocations), the pattern of a leak.`,
    );
  } else if (verdict === 'pass' && !scoredGrows && rates.scored !== null) {
    sentences.push(`The ${ROLE_WORDS[workload.scoredRole]} is flat (${formatRate(rates.scored)}${workload.restarts.length > 0 ? ' within each run' : ''}).`);
  }
  let containerLimit: Explanation['containerLimit'];
  if (workload.limitBytes !== null) {
    const share = lastBytes === null ? '' : `; the last ${ROLE_WORDS[workload.scoredRole]} is ${Math.round((lastBytes / workload.limitBytes) * 100)} % of it`;
    const reach = projection === undefined ? '' : `; to this limit: ${formatProjection(projection)}`;
    sentences.push(`Memory limit ${formatMiB(workload.limitBytes)}${share}${reach}.`);
    containerLimit = {
      bytes: workload.limitBytes,
      reachedAt: projection !== undefined && (projection.status === 'ahead' || projection.status === 'past') ? projection.at : null,
      secondsFromEnd: projection?.status === 'ahead' ? projection.inSeconds : null,
    };
  }
  return { subject: workload.subject, sentences, hints, ...(containerLimit === undefined ? {} : { containerLimit }) };
}
