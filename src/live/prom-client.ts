/**
 * Loads prom-client, leak-score's optional peer dependency, with a dynamic
 * import: only startLeakMonitor calls this, so the CLI and the offline
 * library run where it is not installed. Kept apart from leak-monitor.ts so
 * the library's public types never name prom-client.
 */
import { LeakScoreError } from '../errors.js';

export type PromClient = typeof import('prom-client');

/** The specifier is a parameter only so a test can ask for a module that is missing. */
export async function loadPromClient(specifier = 'prom-client'): Promise<PromClient> {
  try {
    const loaded = (await import(specifier)) as PromClient & { default?: PromClient };
    return typeof loaded.Gauge === 'function' ? loaded : (loaded.default as PromClient);
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
    const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
    // Only prom-client itself: a missing dependency of prom-client is a broken install, said as it is.
    if (missing && error instanceof Error && error.message.includes(`'${specifier}'`)) {
      throw new LeakScoreError(
        'startLeakMonitor exports Prometheus gauges through prom-client, which is not installed: run npm install prom-client ' +
          '(an optional peer dependency, so the CLI and the offline library work without it)',
      );
    }
    throw error;
  }
}

