/**
 * One entry point for every output format; each renders the same Result and
 * none recomputes anything.
 */
import type { Result } from '../analysis/analyse.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderText, type TextOptions } from './text.js';

export const OUTPUT_FORMATS = ['text', 'json', 'markdown', 'junit'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The text report's settings, which the other formats read what they need from, plus the format. */
export interface RenderSettings extends TextOptions {
  format: OutputFormat;
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
