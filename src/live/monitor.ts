/**
 * The seed's live monitor, in-process: push RSS samples one at a time and get
 * the window's score, slope and R² after each (SPEC §2), with the two alerts
 * evaluated as Prometheus would (SPEC §4) and a callback on every alert
 * transition. Built on SeriesReplayer, the same push API the CLI's replay
 * uses, so a service scores itself exactly as `leak-score` would score its
 * recording.
 *
 * @example
 * import { createMonitor } from 'leak-score';
 * const monitor = createMonitor({
 *   onAlert: (t) => console.warn(`${t.name} ${t.from} → ${t.to}`),
 * });
 * setInterval(() => monitor.sample(), 30_000).unref();
 */
import { performance } from 'node:perf_hooks';
import type { SeriesResult } from '../analysis/analyse.js';
import { gateSeries } from '../gate.js';
import type { AlertKey, AnalysisOptions } from '../options.js';
import { scaleEpochNumber } from '../formats/time.js';
import type { AlertEpisode, AlertName, AlertRule } from '../analysis/seed/alert-rule.js';
import { SeriesReplayer } from '../analysis/seed/series-replayer.js';
import { makeLabels, MAX_DROPPED_EXAMPLES, type DroppedRow, type Labels } from '../series.js';
import { resolveOptions } from './resolve-options.js';

export type AlertState = 'inactive' | 'pending' | 'firing';

export interface AlertTransition {
  alert: AlertKey;
  name: AlertName;
  from: AlertState;
  to: AlertState;
  /** When the state changed: the sample's time, or t_prev + staleness when the series went stale (SPEC §4). */
  time: number;
  /** The score and RSS at the sample that caused the transition. */
  score: number;
  rssBytes: number;
}

export interface MonitorUpdate {
  time: number;
  rssBytes: number;
  /**
   * False when the sample was not used: inside the `skipSeconds` warm-up, or
   * dropped (time or value not finite, value negative, time not after the
   * previous sample's).
   */
  counted: boolean;
  /** The window's score, 0–1 (0 while the window has fewer than `minSamples`). */
  score: number;
  /** The window's slope in MiB/h; null while it cannot be fitted (SPEC §2). */
  slopeMiBPerHour: number | null;
  r2: number | null;
  alerts: Record<AlertKey, AlertState>;
  /** The alert transitions this sample caused, in order (usually none). */
  transitions: AlertTransition[];
}

export interface MonitorOptions extends Partial<AnalysisOptions> {
  /** Labels for `result()`. */
  labels?: Labels;
  /** Called on every alert transition; more listeners with `monitor.onAlert`. */
  onAlert?: (transition: AlertTransition) => void;
}

export type AlertListener = (transition: AlertTransition) => void;

/** Creates a monitor; options default to the seed's (SPEC §2, §4). */
export function createMonitor(options: MonitorOptions = {}): Monitor {
  return new Monitor(options);
}

/** One alert as the monitor sees it: the rule, and the episode count last time we looked. */
interface Watched {
  key: AlertKey;
  rule: AlertRule;
  state: AlertState;
  episodes: number;
}

export class Monitor {
  readonly options: AnalysisOptions;
  private readonly replayer: SeriesReplayer;
  private readonly watched: Watched[];
  private readonly listeners = new Set<AlertListener>();
  private readonly wallStart = Date.now();
  private readonly monoStart = performance.now();
  private lastTime = -Infinity;
  private pushes = 0;
  private dropped = 0;
  private duplicates = 0;
  private readonly droppedExamples: DroppedRow[] = [];
  private last: MonitorUpdate | null = null;

  constructor(options: MonitorOptions = {}) {
    const { labels, onAlert, ...analysis } = options;
    this.options = resolveOptions(analysis);
    this.replayer = new SeriesReplayer(labels ?? makeLabels(), this.options);
    // The replayer's own rules (SPEC §4): the monitor only watches their episodes change.
    const rules = this.replayer.alertRules;
    this.watched = [
      { key: 'leak', rule: rules.leak, state: 'inactive', episodes: 0 },
      { key: 'rss', rule: rules.rss, state: 'inactive', episodes: 0 },
    ];
    if (onAlert !== undefined) this.listeners.add(onAlert);
  }

  /** Adds a transition listener; returns a function that removes it. */
  onAlert(listener: AlertListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The state of both alerts now. */
  get alerts(): Record<AlertKey, AlertState> {
    return { leak: this.stateOf('leak'), rss: this.stateOf('rss') };
  }

  /** The latest update, or null before the first push. */
  get latest(): MonitorUpdate | null {
    return this.last;
  }

  /**
   * Feeds one sample: a time in seconds since the epoch (or any seconds that
   * only go up; `Date.now()` milliseconds are recognised by magnitude, SPEC
   * §1), and the RSS in bytes.
   */
  push(rawTime: number, rssBytes: number): MonitorUpdate {
    this.pushes++;
    // SPEC §1: numeric times in ms, µs or ns are recognised by magnitude, as every reader does.
    const time = scaleEpochNumber(rawTime);
    if (time === this.lastTime) {
      // SPEC §1 keeps the last of equal timestamps; a stream cannot take back the first.
      this.duplicates++;
      return this.notCounted(time, rssBytes, null);
    }
    const problem = this.check(time, rssBytes);
    if (problem !== null) return this.notCounted(time, rssBytes, problem);
    this.lastTime = time;
    if (!this.replayer.push(time, rssBytes)) return this.notCounted(time, rssBytes, null);
    const replayer = this.replayer;
    const transitions: AlertTransition[] = [];
    for (const watched of this.watched) this.collect(watched, replayer.score, rssBytes, transitions);
    const update: MonitorUpdate = {
      time,
      rssBytes,
      counted: true,
      score: replayer.score,
      slopeMiBPerHour: Number.isNaN(replayer.slopeMiBPerHour) ? null : replayer.slopeMiBPerHour,
      r2: Number.isNaN(replayer.r2) ? null : replayer.r2,
      alerts: this.alerts,
      transitions,
    };
    this.last = update;
    for (const transition of transitions) for (const listener of this.listeners) listener(transition);
    return update;
  }

  /**
   * Samples this Node process: `process.memoryUsage.rss()` now, timed by a
   * monotonic clock anchored to the wall clock when the monitor was made.
   */
  sample(): MonitorUpdate {
    const time = (this.wallStart + (performance.now() - this.monoStart)) / 1000;
    return this.push(time, process.memoryUsage.rss());
  }

  /** Everything replay knows so far, with the gate's verdict (SPEC §3, §5), as the CLI reports it. */
  result(): SeriesResult {
    const replay = this.replayer.finish({
      dropped: this.dropped,
      droppedExamples: this.droppedExamples.map((row) => ({ ...row })),
      duplicates: this.duplicates,
    });
    const gate = gateSeries(replay, this.options);
    return { ...replay, verdict: gate.verdict, inconclusiveReason: gate.reason };
  }

  /** SPEC §1's reasons to drop a sample, plus the order a stream must keep; null when usable. */
  private check(time: number, rssBytes: number): string | null {
    if (!Number.isFinite(time)) return `time ${time} is not finite`;
    if (time < 0) return `time ${time} is negative`;
    if (!Number.isFinite(rssBytes)) return `value ${rssBytes} is not finite`;
    if (rssBytes < 0) return `value ${rssBytes} is negative`;
    if (time < this.lastTime) return `time ${time} is before the previous sample's (${this.lastTime})`;
    return null;
  }

  private notCounted(time: number, rssBytes: number, problem: string | null): MonitorUpdate {
    if (problem !== null) {
      this.dropped++;
      if (this.droppedExamples.length < MAX_DROPPED_EXAMPLES) this.droppedExamples.push({ line: this.pushes, reason: problem });
    }
    const previous = this.last;
    return {
      time,
      rssBytes,
      counted: false,
      score: previous?.score ?? 0,
      slopeMiBPerHour: previous?.slopeMiBPerHour ?? null,
      r2: previous?.r2 ?? null,
      alerts: this.alerts,
      transitions: [],
    };
  }

  private stateOf(key: AlertKey): AlertState {
    return (this.watched.find((watched) => watched.key === key) as Watched).state;
  }

  /** Turns what the rule did at this sample into transitions; one sample can end an episode and start the next. */
  private collect(watched: Watched, score: number, rssBytes: number, out: AlertTransition[]): void {
    const episodes = watched.rule.episodes;
    const emit = (from: AlertState, to: AlertState, time: number): void => {
      out.push({ alert: watched.key, name: watched.rule.name, from, to, time, score, rssBytes });
    };
    let state = watched.state;
    if (state !== 'inactive') {
      const current = episodes[watched.episodes - 1] as AlertEpisode;
      if (current.resolvedAt !== null) {
        emit(state, 'inactive', current.resolvedAt);
        state = 'inactive';
      } else if (state === 'pending' && current.firedAt !== null) {
        emit('pending', 'firing', current.firedAt);
        state = 'firing';
      }
    }
    if (episodes.length > watched.episodes) {
      const started = episodes[episodes.length - 1] as AlertEpisode;
      emit('inactive', 'pending', started.activeAt);
      state = 'pending';
      if (started.firedAt !== null) {
        emit('pending', 'firing', started.firedAt);
        state = 'firing';
      }
    }
    watched.state = state;
    watched.episodes = episodes.length;
  }
}
