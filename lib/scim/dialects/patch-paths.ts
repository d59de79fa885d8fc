/**
 * Rules that rewrite a PATCH `path`:
 * - `extensionPathWithoutUrn`: a path whose attribute is no core attribute but belongs to exactly one schema
 *   extension gets that extension's URN (`manager` → `urn:…:enterprise:2.0:User:manager`), as custom attribute
 *   mappings write it.
 * - `managerForms`: a `remove` whose path puts a value filter on a single-valued complex attribute
 *   (`urn:…:User:manager[value eq "…"]`) removes that attribute; a single-valued attribute has only one
 *   value, so the filter can only name it.
 */
import { track, type AppliedRules, type DialectContext } from './dialect-rule.js';
import { parsePathQuietly } from './patch-target.js';
import { extensionOwning } from './qualified-keys.js';

/** The path with the extension URN prefixed when its attribute lives only in one extension; else unchanged. */
export function qualifyExtensionPath(context: DialectContext, path: string, applied?: AppliedRules): string {
  const parsed = parsePathQuietly(path);
  if (!parsed || parsed.path.schema !== undefined || context.registry.resolve(context.type, parsed.path)) return path;
  const extension = extensionOwning(context, parsed.path.attribute);
  if (extension === undefined || !context.registry.resolve(context.type, { ...parsed.path, schema: extension })) return path;
  return track(applied, 'extensionPathWithoutUrn', path, `${extension}:${path.trim()}`);
}

/** For `remove`: `attr[filter]` on a single-valued complex attribute → `attr`; else unchanged. */
export function dropFilterOnSingleValued(context: DialectContext, path: string, applied?: AppliedRules): string {
  const parsed = parsePathQuietly(path);
  if (!parsed?.valueFilter || parsed.subAttribute !== undefined) return path;
  const resolved = context.registry.resolve(context.type, parsed.path);
  if (!resolved || resolved.attribute.multiValued || resolved.subAttribute) return path;
  return track(applied, 'managerForms', path, path.slice(0, path.indexOf('[')).trim());
}

/** A comparison with a quoted boolean inside a value filter: `primary eq "True"`. */
const QUOTED_BOOLEAN = /\b([A-Za-z][\w$-]*)(\s+(?:eq|ne)\s+)"(true|false)"/gi;

/**
 * Rule `stringBooleans` in a PATCH path: Entra ID's app-role mapping `roles[primary eq "True"].value` compares a
 * boolean sub-attribute with the string "True". Inside the value filter of a multi-valued complex attribute, a
 * quoted `"true"`/`"false"` compared with a boolean sub-attribute becomes the JSON literal; anything else unchanged.
 */
export function unquoteFilterBooleans(context: DialectContext, path: string, applied?: AppliedRules): string {
  const open = path.indexOf('[');
  if (open < 0 || !/"(?:true|false)"/i.test(path)) return path;
  const parsed = parsePathQuietly(path.slice(0, open));
  const parent = parsed ? context.registry.resolve(context.type, parsed.path) : undefined;
  if (!parent || parent.attribute.type !== 'complex' || !parent.attribute.multiValued) return path;
  const close = path.indexOf(']', open);
  if (close < 0) return path;
  const filter = path.slice(open, close).replace(QUOTED_BOOLEAN, (whole, name: string, operator: string, literal: string) => {
    const sub = context.registry.resolveWithin(parent, { kind: 'attributePath', attribute: name });
    return sub?.target.type === 'boolean' ? `${name}${operator}${literal.toLowerCase()}` : whole;
  });
  return track(applied, 'stringBooleans', path, `${path.slice(0, open)}${filter}${path.slice(close)}`);
}
