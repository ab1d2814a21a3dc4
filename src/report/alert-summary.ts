/**
 * The alert timeline as people read it. A soak test has an episode or two,
 * shown whole; a year of samples has thousands (the 10M bench trace: 834
 * MemoryLeakDetected and 2,943 MemoryHigh episodes), which no one reads one
 * line each. So, per alert: how many episodes and how many fired, the total
 * time firing, and the first, the longest and the last episode. `--alerts
 * all` lists every one; JSON always keeps every episode (SPEC §7).
 *
 * Text, Markdown, HTML, JUnit and the GitHub annotations all take their
 * lines from here, so they say the same thing.
 */
import type { SeriesResult } from '../analysis/analyse.js';
import type { AlertEpisode, AlertName } from '../analysis/seed/alert-rule.js';
import { formatDuration, formatTime, formatTimeCompact } from './format.js';
import { episodeText } from './words.js';

export const ALERTS_MODES = ['summary', 'all'] as const;
/** `--alerts`: `summary` (the default) or `all`, every episode on its own line. */
export type AlertsMode = (typeof ALERTS_MODES)[number];

/** Alerts in the order the reports name them. */
const ALERT_ORDER: readonly AlertName[] = ['MemoryLeakDetected', 'MemoryHigh'];

export interface AlertSummary {
  name: AlertName;
  episodes: number;
  fired: number;
  /** Summed over the episodes that fired, from firing to resolved (or the last sample). */
  firingSeconds: number;
  first: AlertEpisode;
  /** The one that fired longest; among those that never fired, the one pending longest. */
  longest: AlertEpisode;
  last: AlertEpisode;
}

/** When an episode stopped: resolved, or still active at the last sample. */
function endOf(episode: AlertEpisode, endTime: number): number {
  return episode.resolvedAt ?? Math.max(endTime, episode.firedAt ?? episode.activeAt);
}

export function firingSeconds(episode: AlertEpisode, endTime: number): number {
  return episode.firedAt === null ? 0 : endOf(episode, endTime) - episode.firedAt;
}

function activeSeconds(episode: AlertEpisode, endTime: number): number {
  return endOf(episode, endTime) - episode.activeAt;
}

/** Per alert that went pending at least once, in report order. */
export function summariseAlerts(episodes: readonly AlertEpisode[], endTime: number): AlertSummary[] {
  const out: AlertSummary[] = [];
  for (const name of ALERT_ORDER) {
    let summary: AlertSummary | null = null;
    for (const episode of episodes) {
      if (episode.name !== name) continue;
      const firing = firingSeconds(episode, endTime);
      if (summary === null) {
        summary = { name, episodes: 0, fired: 0, firingSeconds: 0, first: episode, longest: episode, last: episode };
      } else {
        const longest = summary.longest;
        const best = firingSeconds(longest, endTime);
        if (firing > best || (firing === best && activeSeconds(episode, endTime) > activeSeconds(longest, endTime))) {
          summary.longest = episode;
        }
        if (episode.activeAt < summary.first.activeAt) summary.first = episode;
        if (episode.activeAt >= summary.last.activeAt) summary.last = episode;
      }
      summary.episodes += 1;
      if (episode.firedAt !== null) summary.fired += 1;
      summary.firingSeconds += firing;
    }
    if (summary !== null) out.push(summary);
  }
  return out;
}

/** One line of the alert timeline. */
export interface AlertLine {
  text: string;
  /** Under an alert's heading (first / longest / last). */
  nested: boolean;
  /** The line is about firing: reports may colour it. */
  fired: boolean;
}

/** `pending 2026-01-10 03:12:00Z → firing 03:22:00Z → resolved 03:25:00Z`: later times shortened on the same day. */
export function episodeCompact(episode: AlertEpisode): string {
  const at = (t: number): string => formatTimeCompact(t, episode.activeAt);
  const fired = episode.firedAt === null ? 'never fired' : `firing ${at(episode.firedAt)}`;
  const end = episode.resolvedAt === null ? 'still active at the end' : `resolved ${at(episode.resolvedAt)}`;
  return `pending ${formatTime(episode.activeAt)} → ${fired} → ${end}`;
}

/** `(fired 1h 32m)` or `(pending 1m 30s)`: how long the episode lasted in its last state. */
function lasted(episode: AlertEpisode, endTime: number): string {
  return episode.firedAt === null
    ? `(pending ${formatDuration(activeSeconds(episode, endTime))})`
    : `(fired ${formatDuration(firingSeconds(episode, endTime))})`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `834 episodes, 412 fired, firing 12d 3h in total (3.5% of the run)`. */
export function alertHeadline(summary: AlertSummary, runSeconds: number): string {
  const fired = summary.fired === 0 ? 'none fired' : summary.fired === summary.episodes ? 'all fired' : `${summary.fired} fired`;
  let text = `${plural(summary.episodes, 'episode')}, ${fired}`;
  if (summary.fired > 0) {
    const share = runSeconds > 0 ? (100 * summary.firingSeconds) / runSeconds : null;
    const percent = share === null ? '' : share > 0 && share < 0.1 ? ' (<0.1% of the run)' : ` (${share.toFixed(1)}% of the run)`;
    text += `, firing ${formatDuration(summary.firingSeconds)} in total${percent}`;
  }
  return text;
}

/**
 * The alert lines of a series: empty when no alert went pending. In summary
 * mode an alert with one episode is one line; with more, a headline and its
 * first, longest and last episodes, and a last line says how to see them all.
 */
export function alertLines(series: SeriesResult, mode: AlertsMode = 'summary'): AlertLine[] {
  if (mode === 'all') return series.episodes.map((episode) => ({ text: episodeText(episode), nested: false, fired: episode.firedAt !== null }));
  const endTime = series.end ?? -Infinity;
  const lines: AlertLine[] = [];
  let hidden = false;
  for (const summary of summariseAlerts(series.episodes, endTime)) {
    if (summary.episodes === 1) {
      const episode = summary.first;
      lines.push({ text: `${summary.name}: ${episodeCompact(episode)} ${lasted(episode, endTime)}`, nested: false, fired: summary.fired > 0 });
      continue;
    }
    lines.push({ text: `${summary.name}: ${alertHeadline(summary, series.durationSeconds)}`, nested: false, fired: summary.fired > 0 });
    const shown: Array<[string, AlertEpisode]> = [];
    for (const [label, episode] of [
      ['first', summary.first],
      ['longest', summary.longest],
      ['last', summary.last],
    ] as const) {
      const same = shown.find(([, one]) => one === episode);
      if (same !== undefined) same[0] = `${same[0]}, ${label}`;
      else shown.push([label, episode]);
    }
    if (summary.episodes > shown.length) hidden = true;
    const width = Math.max(...shown.map(([label]) => label.length)) + 2;
    for (const [label, episode] of shown) {
      lines.push({ text: `${label.padEnd(width)}${episodeCompact(episode)} ${lasted(episode, endTime)}`, nested: true, fired: episode.firedAt !== null });
    }
  }
  if (hidden) lines.push({ text: `--alerts all lists all ${series.episodes.length} episodes`, nested: false, fired: false });
  return lines;
}

/**
 * The gating alerts that fired, for one-line messages (annotations, JUnit
 * failures): `MemoryLeakDetected pending …, firing …` for one episode, and
 * for more `MemoryLeakDetected fired 41 times (firing 3d 4h in total), first
 * pending …, firing …; last …`.
 */
export function firedPhrases(series: SeriesResult, gating: ReadonlySet<string>): string[] {
  const endTime = series.end ?? -Infinity;
  const phrase = (episode: AlertEpisode): string => `pending ${formatTime(episode.activeAt)}, firing ${formatTime(episode.firedAt)}`;
  const out: string[] = [];
  for (const name of ALERT_ORDER) {
    if (!gating.has(name)) continue;
    const fired = series.episodes.filter((episode) => episode.name === name && episode.firedAt !== null);
    const first = fired[0];
    const last = fired[fired.length - 1];
    if (first === undefined || last === undefined) continue;
    if (fired.length === 1) {
      out.push(`${name} ${phrase(first)}`);
    } else {
      const total = fired.reduce((sum, episode) => sum + firingSeconds(episode, endTime), 0);
      out.push(`${name} fired ${fired.length} times (firing ${formatDuration(total)} in total), first ${phrase(first)}; last ${phrase(last)}`);
    }
  }
  return out;
}
