/**
 * Prometheus both ways (issue 6): fetch a range from a server, and render
 * the score and alerts as PromQL rules.
 */
export { fetchRange, type FetchRangeOptions, type FetchRangeResult } from './fetch.js';
export { planRange, formatSeconds, MAX_POINTS_PER_SERIES, type RangePiece, type RangePlanInput } from './range-plan.js';
export { resolveTimeRange, type TimeRange, type TimeRangeFlags } from './time-range.js';
export { readBearerToken, BEARER_TOKEN_ENV, type TokenSources } from './token.js';
export { redactUrl, Redactor, REDACTED } from './redact.js';
export { buildRules, renderRules, ruleNames, type RuleNames, type RuleOptions, type RulesInput } from './rules.js';
export { buildSeedRules, renderSeedRules, type SeedRuleOptions, type SeedRulesInput } from './seed-rules.js';
export { checkSelector } from './selector.js';
export { formatPromDuration } from './duration.js';
export { planCompanions, type CompanionQuery } from './companions.js';
export { fetchCompanions, type CompanionFetch } from './fetch-companions.js';
