/** Series selection (`--series`) and `--strict`: applied after reading, before scoring. */
export { selectSeries, compileSelector, matchesAll, type SelectOptions } from './select.js';
export { parseMatchers, parseSelector, MatcherSyntaxError, type Matcher, type MatchOperator, type Selector, type SelectorUse } from './matchers.js';
export { compileRegex, RegexSyntaxError, type CompiledRegex } from './regex.js';
