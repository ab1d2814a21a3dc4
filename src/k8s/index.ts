/**
 * Kubernetes and OpenTelemetry memory metrics (issue 17): pairing a fleet
 * export's series by workload, restarts from the data, and the words that
 * explain each workload's verdict. See docs/kubernetes.md.
 */
import { analyse, type AnalyseInput, type Result } from '../analysis/analyse.js';
import type { AnalysisOptions } from '../options.js';
import type { ReadResult } from '../series.js';
import { projectLimit } from '../report/facts.js';
import { explainWorkload } from './explain.js';
import { pairFleet } from './fleet.js';

export { wantsFleet, pairFleet, type Fleet, type FleetWorkload } from './fleet.js';
export { knownMetricNames, metricRole, type MetricRole } from './metric-names.js';
export { SETTLE_SECONDS } from './restarts.js';

/**
 * The Result of a read whose series pair into workloads, each explained in
 * words; undefined when there is nothing to pair (the caller analyses the
 * read as it is).
 */
export function analyseFleet(read: ReadResult & { source: string }, options: AnalysisOptions): Result | undefined {
  const fleet = pairFleet(read);
  if (fleet === undefined) return undefined;
  const input: AnalyseInput = { ...fleet.read, source: read.source };
  const result = analyse(input, options);
  const series = result.series.map((one, i) => {
    const workload = fleet.workloads[i];
    if (workload === undefined || workload === null) return one;
    // Time to the container's own limit (the real OOM), on the same final-window line as the report's `to limit`.
    const projection = workload.limitBytes === null ? undefined : projectLimit(one, workload.limitBytes);
    return { ...one, explanation: explainWorkload(workload, one.verdict, one.rss?.last ?? null, projection) };
  });
  return { ...result, series, valueName: valueNameOf(fleet.workloads) ?? result.valueName };
}

/** `working set` when every workload scored it (the reports name the value so), else undefined. */
function valueNameOf(workloads: ReadonlyArray<{ scoredRole: string } | null>): string | undefined {
  const roles = new Set(workloads.flatMap((workload) => (workload === null ? [] : [workload.scoredRole])));
  if (roles.size !== 1) return undefined;
  const [role] = roles;
  return role === 'workingSet' ? 'working set' : role === 'usage' ? 'memory usage' : undefined;
}
