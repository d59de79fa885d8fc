/**
 * Shared vocabulary of the dialect rules: the tolerant reader that turns what real identity providers send into
 * RFC 7643/7644 shape before validation (DESIGN.md §5). Every rule is a small pure function that returns its input
 * unchanged (the same reference) when it has nothing to do, so a strict request passes through untouched and the
 * composer can tell which rules fired.
 */
import type { BoundedMemo } from '../bounded-memo.js';
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

/** Where a document key's value belongs: the canonical names of the extension (if any), attribute and sub-attribute. */
export interface Placement {
  readonly extension?: string;
  readonly attribute: string;
  readonly subAttribute?: string;
}

/** Where a key goes and by which rule (see qualified-keys.ts). */
export interface KeyPlacement {
  readonly placement: Placement;
  readonly rule: 'qualifiedKeys' | 'extensionPathWithoutUrn';
}

/** What every rule may consult: the schema registry and the resource type the request addresses. */
export interface DialectContext {
  readonly registry: SchemaRegistry;
  readonly type: ResourceTypeName;
  /**
   * Placements of document keys already worked out, by resource type and key, owned by one normaliser (and so by
   * one directory). Without it every key is worked out afresh.
   */
  readonly keyPlacements?: BoundedMemo<KeyPlacement | undefined>;
}

/** Collects the names of the rules that changed something; optional everywhere. */
export type AppliedRules = Set<DialectRuleName>;

/** Records `rule` in `applied` when `before` and `after` differ (by reference) and returns `after`. */
export function track<T>(applied: AppliedRules | undefined, rule: DialectRuleName, before: unknown, after: T): T {
  if (applied && before !== after) applied.add(rule);
  return after;
}
