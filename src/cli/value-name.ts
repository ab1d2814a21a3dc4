/**
 * When the values are not RSS — `--value-key heapUsed`, `--value-col
 * working_set` — the report names them as what they are, and MemoryHigh
 * (whose threshold, `--rss-threshold`, is an RSS limit) is not silently
 * applied to them: without an explicit `--rss-threshold` it leaves the gate,
 * and a note says so. `--rss-threshold SIZE` (or `--gate rss` alone) puts it
 * back, compared with the named value.
 */
import type { AnalysisOptions } from '../options.js';
import type { InputFlags } from './input-flags.js';

/** `rss`, `rss_bytes`, `memory.rss`, `VmRSS`, `resident_memory`: names that say RSS. */
export function isRssName(name: string): boolean {
  const last = name.trim().toLowerCase().split('.').at(-1) ?? '';
  return last.includes('rss') || last.includes('resident');
}

/** The name the user chose for the value, when it is not RSS; null otherwise (or when chosen by column number). */
export function chosenValueName(flags: Pick<InputFlags, 'valueKey' | 'valueCol'>): string | null {
  const chosen = flags.valueKey ?? flags.valueCol;
  if (chosen === undefined || chosen.trim() === '' || /^\d+$/.test(chosen.trim())) return null;
  return isRssName(chosen) ? null : chosen.trim();
}

export interface ValuePolicy {
  options: AnalysisOptions;
  valueName: string | null;
  notes: string[];
}

export function valuePolicy(
  flags: Pick<InputFlags, 'valueKey' | 'valueCol'> & { rssThreshold?: string },
  options: AnalysisOptions,
): ValuePolicy {
  const valueName = chosenValueName(flags);
  if (valueName === null) return { options, valueName, notes: [] };
  const flag = flags.valueKey !== undefined ? '--value-key' : '--value-col';
  if (flags.rssThreshold !== undefined) {
    return {
      options,
      valueName,
      notes: [`${flag} ${valueName}: the values are ${valueName}, not RSS; MemoryHigh compares ${valueName} with --rss-threshold`],
    };
  }
  if (!options.gate.includes('leak')) {
    // `--gate rss` alone asks for MemoryHigh: keep it, and say what it compares.
    return {
      options,
      valueName,
      notes: [`${flag} ${valueName}: the values are ${valueName}, not RSS; MemoryHigh compares ${valueName} with the default --rss-threshold`],
    };
  }
  return {
    options: { ...options, gate: options.gate.filter((key) => key !== 'rss') },
    valueName,
    notes: [
      `${flag} ${valueName}: the values are ${valueName}, not RSS, so MemoryHigh (an RSS limit) does not gate; ` +
        `give --rss-threshold SIZE to gate ${valueName} on a limit too`,
    ],
  };
}
