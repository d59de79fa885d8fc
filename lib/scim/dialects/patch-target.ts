/**
 * What a PATCH `path` names, for the rules that need to know the target's definition: the attribute the value is
 * written to, and whether the value is one element (`emails[type eq "work"]`) or the attribute's whole value.
 */
import { ScimError } from '../errors.js';
import { parsePatchPath, type PatchPath } from '../path/patch-path.js';
import { findAttribute } from '../schema/registry.js';
import type { AttributeDefinition, ResolvedAttribute } from '../schema/types.js';
import type { DialectContext } from './dialect-rule.js';

/** A resolved PATCH path. */
export interface PatchTarget {
  readonly parsed: PatchPath;
  readonly resolved: ResolvedAttribute;
  /** The definition the operation's value is for. */
  readonly attribute: AttributeDefinition;
  /** True when the value is one element of a multi-valued attribute (a value filter without a sub-attribute). */
  readonly element: boolean;
}

/** Parses `path` quietly: undefined when it is malformed (the engine reports that with its own detail). */
export function parsePathQuietly(path: string): PatchPath | undefined {
  try {
    return parsePatchPath(path);
  } catch (error) {
    if (error instanceof ScimError) return undefined;
    throw error;
  }
}

/** Resolves `path` against the context's resource type; undefined when it is malformed or names nothing. */
export function resolvePatchTarget(context: DialectContext, path: string): PatchTarget | undefined {
  const parsed = parsePathQuietly(path);
  if (!parsed) return undefined;
  const resolved = context.registry.resolve(context.type, parsed.path);
  if (!resolved) return undefined;
  if (!parsed.valueFilter) return { parsed, resolved, attribute: resolved.target, element: false };
  if (parsed.subAttribute === undefined) return { parsed, resolved, attribute: resolved.attribute, element: true };
  const subAttribute = findAttribute(resolved.attribute.subAttributes, parsed.subAttribute);
  return subAttribute ? { parsed, resolved, attribute: subAttribute, element: false } : undefined;
}

/** The canonical URN when `path` is exactly one of the type's schema extensions (the whole extension object). */
export function extensionOfPath(context: DialectContext, path: string): string | undefined {
  const wanted = path.trim().toLowerCase();
  return context.registry.resourceType(context.type).schemaExtensions.find((extension) => extension.schema.toLowerCase() === wanted)?.schema;
}
