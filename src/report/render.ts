/**
 * One entry point for every output format; each renders the same Result and
 * none recomputes anything.
 */
import type { Result } from '../analyse.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderText } from './text.js';

export const OUTPUT_FORMATS = ['text', 'json', 'markdown', 'junit'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface RenderSettings {
  format: OutputFormat;
  color: boolean;
  chart: boolean;
  quiet: boolean;
  /** Terminal columns. */
  width: number;
  /** Rows of the RSS chart (`--height`). */
  height?: number;
  /** The score track under each chart (`--chart rss,score`). */
  chartScore?: boolean;
  /** In a fleet, details and charts for every series (`--chart all`). */
  chartAll?: boolean;
  /** `--limit` in bytes; null means the MemoryHigh threshold. */
  limitBytes?: number | null;
}

export function renderResult(result: Result, settings: RenderSettings): string {
  switch (settings.format) {
    case 'json':
      return renderJson(result, settings);
    case 'markdown':
      return renderMarkdown(result, settings);
    case 'junit':
      return renderJunit(result, settings);
    case 'text':
      return renderText(result, settings);
  }
}
