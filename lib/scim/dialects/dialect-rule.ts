/**
 * Shared vocabulary of the dialect rules: the tolerant reader that turns what real identity providers send into
 * RFC 7643/7644 shape before validation (DESIGN.md §5). Every rule is a small pure function that returns its input
 * unchanged (the same reference) when it has nothing to do, so a strict request passes through untouched and the
 * composer can tell which rules fired.
 */
import type { ResourceTypeName } from '../schema/types.js';
import type { SchemaRegistry } from '../schema/registry-types.js';

/** The name of every dialect rule, as recorded for the event log and listed in `docs/compatibility.md`. */
export type DialectRuleName =
  | 'patchOpCase'
  | 'patchMessageShape'
  | 'stringBooleans'
  | 'nullMeansAbsent'
  | 'nullReplaceRemoves'
  | 'removeWithValue'
  | 'qualifiedKeys'
  | 'extensionPathWithoutUrn'
  | 'managerForms'
  | 'singleElementArrays'
  | 'singleValueForMultiValued'
  | 'bareStringValues'
  | 'displayNameAlias'
  | 'readOnlyNoise'
  | 'legacySchemaUrns'
  | 'passwordIgnored'
  | 'filterEncoding'
  | 'filterPlusAsSpace'
  | 'filterBareValues'
  | 'attributeFilterIgnored';

/** What every rule may consult: the schema registry and the resource type the request addresses. */
export interface DialectContext {
  readonly registry: SchemaRegistry;
  readonly type: ResourceTypeName;
}

/** Collects the names of the rules that changed something; optional everywhere. */
export type AppliedRules = Set<DialectRuleName>;

/** Records `rule` in `applied` when `before` and `after` differ (by reference) and returns `after`. */
export function track<T>(applied: AppliedRules | undefined, rule: DialectRuleName, before: unknown, after: T): T {
  if (applied && before !== after) applied.add(rule);
  return after;
}
