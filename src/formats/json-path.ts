/**
 * Reading fields of parsed JSON by own properties only. `JSON.parse` makes
 * `"__proto__"` an ordinary own key, but a plain `obj[key]` lookup for a key
 * the object lacks would reach `Object.prototype` (`constructor`,
 * `toString` …); these helpers never do.
 */

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The own property `key` of `object`, or undefined. Never runs a getter or reads the prototype chain. */
export function ownValue(object: JsonObject, key: string): unknown {
  return Object.getOwnPropertyDescriptor(object, key)?.value;
}

/**
 * Follows a key given on the command line: the literal key first (so a flat
 * `"memory.rss"` key works), then the dotted path `memory` → `rss`.
 * Returns undefined when any step is missing.
 */
export function lookUp(object: JsonObject, key: string): unknown {
  if (Object.hasOwn(object, key)) return ownValue(object, key);
  if (!key.includes('.')) return undefined;
  let current: unknown = object;
  for (const step of key.split('.')) {
    if (!isJsonObject(current) || !Object.hasOwn(current, step)) return undefined;
    current = ownValue(current, step);
  }
  return current;
}

/** Follows a path of exact own keys found earlier by `findPath`. */
export function followPath(object: JsonObject, path: readonly string[]): unknown {
  let current: unknown = object;
  for (const step of path) {
    if (!isJsonObject(current) || !Object.hasOwn(current, step)) return undefined;
    current = ownValue(current, step);
  }
  return current;
}
