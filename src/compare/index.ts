/** `leak-score compare BASE HEAD` (issue 15): the library side. */
export { compareRuns, COMPARE_EXIT, DEFAULT_COMPARE_OPTIONS, type CompareOptions, type CompareResult, type CompareVerdict, type PairResult, type RunInput } from './compare.js';
export { parseSizeBudget, parseRateBudget, parseFraction, type RateBudget, type SizeBudget } from './budget.js';
export { readRun } from './read-run.js';
export { renderCompareText, type CompareTextOptions } from './text.js';
export { renderCompareMarkdown } from './markdown.js';
export { renderCompareJson, toCompareJson } from './json.js';
export { renderCompareJunit } from './junit.js';
export { renderCompareAnnotations } from './github.js';
