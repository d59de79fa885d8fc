/**
 * `${name}` placeholders in fixtures, filled with values saved from earlier responses of the same suite.
 */

/** A copy of `value` with every `${name}` in its strings replaced; an unknown name is an error naming it. */
export function substitute<T>(value: T, variables: ReadonlyMap<string, string>): T {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_, name: string) => {
      const found = variables.get(name);
      if (found === undefined) throw new Error(`fixture refers to \${${name}}, which no earlier step saved`);
      return found;
    }) as T;
  }
  if (Array.isArray(value)) return value.map((item: unknown) => substitute(item, variables)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [substitute(key, variables), substitute(item, variables)])) as T;
  }
  return value;
}

/** The value at a dotted path (`Resources.0.id`) of a parsed JSON body, as a string; undefined when absent. */
export function valueAt(body: unknown, path: string): string | undefined {
  let current: unknown = body;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return typeof current === 'string' || typeof current === 'number' ? String(current) : undefined;
}
