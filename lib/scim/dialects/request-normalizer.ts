/**
 * The dialect rules in the shape of provisioning's normalisation seam (`RequestNormalizer` in
 * `lib/provisioning/normalize.ts`): one function of the resource type, what the body is for, and the body. The
 * shape is repeated here structurally because `scim/` imports nothing outside itself (DESIGN.md §2).
 */
import { isPlainObject } from '../schema/canonicalise.js';
import type { SchemaRegistry } from '../schema/registry-types.js';
import type { ResourceTypeName } from '../schema/types.js';
import { createDialectNormalizer } from './dialect-normalizer.js';
import type { AppliedRules } from './dialect-rule.js';
import { stripAttributeFilters } from './search-parameters.js';

/** What a body is for: a POST document, a PUT document, a PatchOp message, or list parameters. */
export type DialectRequestContext = 'create' | 'replace' | 'patch' | 'search';

/** Normalises one request body; never modifies its input. */
export type DialectRequestNormalizer = (type: ResourceTypeName, context: DialectRequestContext, body: unknown, applied?: AppliedRules) => unknown;

/**
 * Normalises list parameters: a SearchRequest body (RFC 7644 §3.4.3) or the query of a `GET /Users` (both hold
 * `filter`, `attributes`, `excludedAttributes` under those names). Unchanged (same reference) when no rule fired.
 */
function normalizeSearch(normalizeFilter: (text: string, applied?: AppliedRules) => string, body: unknown, applied?: AppliedRules): unknown {
  if (!isPlainObject(body)) return body;
  let result = body;
  const set = (key: string, value: unknown): void => {
    if (value !== result[key]) result = { ...result, [key]: value };
  };
  if (typeof body.filter === 'string') set('filter', normalizeFilter(body.filter, applied));
  if ('attributes' in body) set('attributes', stripAttributeFilters(body.attributes, applied));
  if ('excludedAttributes' in body) set('excludedAttributes', stripAttributeFilters(body.excludedAttributes, applied));
  return result;
}

/** Creates the seam function for `registry`: POST/PUT bodies, PATCH messages and list parameters. */
export function createRequestNormalizer(registry: SchemaRegistry): DialectRequestNormalizer {
  const dialects = createDialectNormalizer(registry);
  return (type, context, body, applied) => {
    switch (context) {
      case 'create':
      case 'replace':
        return dialects.normalizeResource(type, context, body, applied);
      case 'patch':
        return dialects.normalizePatch(type, body, applied);
      case 'search':
        return normalizeSearch(dialects.normalizeFilter, body, applied);
    }
  };
}
