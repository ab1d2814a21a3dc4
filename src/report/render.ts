/**
 * One entry point for every output format; each renders the same Result.
 */
import type { Result } from '../analyse.js';
import { renderJson } from './json.js';
import { renderText } from './text.js';

export const OUTPUT_FORMATS = ['text', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface RenderSettings {
  format: OutputFormat;
  color: boolean;
  chart: boolean;
  quiet: boolean;
  /** Terminal columns. */
  width: number;
}

export function renderResult(result: Result, settings: RenderSettings): string {
  switch (settings.format) {
    case 'json':
      return renderJson(result);
    case 'text':
      return renderText(result, settings);
  }
}
