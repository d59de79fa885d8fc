/**
 * Projection of resources on output (RFC 7643 §2.4 `returned`, RFC 7644 §3.4.2.5 and §3.9):
 * - `always` (`id`, `schemas`) is returned whatever the parameters say;
 * - `never` (`password`) is never returned, even when asked for or present in the stored document;
 * - `default` is returned unless `attributes` is given without it, or `excludedAttributes` names it;
 * - `request` is returned only when `attributes` names it.
 * Naming `name.givenName` returns only that sub-attribute (plus `always` ones); naming `emails` returns each
 * element's default sub-attributes. When both parameters are given, `attributes` selects and
 * `excludedAttributes` then removes. An extension block left empty is omitted; `schemas` is left as stored.
 */
import { findAttribute } from '../schema/registry.js';
import type { SchemaRegistry } from '../schema/registry-types.js';
import { parseAttributeName } from '../schema/attribute-name.js';
import type { AttributeDefinition, ResourceTypeName, ScimResource } from '../schema/types.js';
import {
  type AttributeSelection,
  parseProjection,
  type Projection,
  type ProjectionParameters,
  selectionKey,
} from './projection-parameters.js';

export type { AttributeSelection, Projection, ProjectionParameters } from './projection-parameters.js';

/** Which part of an attribute's value is returned: nothing, the default sub-attributes, or only those named. */
type Decision =
  | { readonly keep: false }
  | { readonly keep: true; readonly only?: ReadonlySet<string>; readonly without?: ReadonlySet<string> };

/** What a selection says of a top-level attribute: whole (`true`), some sub-attributes, or nothing. */
function lookup(
  selection: AttributeSelection,
  schema: string,
  attribute: AttributeDefinition,
): true | ReadonlySet<string> | undefined {
  if (selection.schemas.has(schema)) return true;
  return selection.attributes.get(selectionKey(schema, attribute.name));
}

const KEEP: Decision = Object.freeze({ keep: true });
const DROP: Decision = Object.freeze({ keep: false });

/** The decision for a top-level attribute of `schema` under `projection` (see the module comment). */
function decide(projection: Projection, schema: string, attribute: AttributeDefinition): Decision {
  if (attribute.returned === 'never') return DROP;
  if (attribute.returned === 'always') return KEEP;
  // Without parameters (most requests) the definition alone decides: no selection to look up, nothing to allocate.
  if (!projection.include && !projection.exclude) return attribute.returned === 'request' ? DROP : KEEP;
  const included = projection.include ? lookup(projection.include, schema, attribute) : true;
  if (included === undefined) return { keep: false };
  if (attribute.returned === 'request' && !projection.include) return { keep: false };
  const excluded = projection.exclude ? lookup(projection.exclude, schema, attribute) : undefined;
  if (excluded === true) return { keep: false };
  return { keep: true, ...(included !== true ? { only: included } : {}), ...(excluded ? { without: excluded } : {}) };
}

/** Whether a sub-attribute is returned under a decision that keeps its parent. */
function keepsSubAttribute(decision: Decision & { keep: true }, subAttribute: AttributeDefinition): boolean {
  if (subAttribute.returned === 'never') return false;
  if (subAttribute.returned === 'always') return true;
  if (decision.without?.has(subAttribute.name)) return false;
  return decision.only ? decision.only.has(subAttribute.name) : subAttribute.returned !== 'request';
}

/** One value (an element, when multi-valued) with only the sub-attributes the decision keeps. */
function projectValue(attribute: AttributeDefinition, decision: Decision & { keep: true }, value: unknown): unknown {
  if (attribute.type !== 'complex' || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, subValue] of Object.entries(value)) {
    const subAttribute = findAttribute(attribute.subAttributes, key);
    if (subAttribute && keepsSubAttribute(decision, subAttribute)) result[key] = subValue;
  }
  return result;
}

/** The attributes of an object (resource root or extension block) that `projection` keeps. */
function projectObject(
  attributes: readonly AttributeDefinition[],
  schema: string,
  projection: Projection,
  object: Readonly<Record<string, unknown>>,
  keepUnknown: boolean,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    const attribute = findAttribute(attributes, key);
    if (!attribute) {
      if (keepUnknown) result[key] = value;
      continue;
    }
    const decision = decide(projection, schema, attribute);
    if (!decision.keep) continue;
    // Elements or complex values left without sub-attributes carry nothing (RFC 7643 §2.5): omit them.
    if (Array.isArray(value)) {
      const elements = value
        .map((element) => projectValue(attribute, decision, element))
        .filter((element) => !isEmptyObject(element));
      if (elements.length > 0 || value.length === 0) result[key] = elements;
    } else {
      const projected = projectValue(attribute, decision, value);
      if (!isEmptyObject(projected)) result[key] = projected;
    }
  }
  return result;
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

/** Projects resources of one registry; stateless apart from the registry. */
export interface Projector {
  /** Parses `attributes` / `excludedAttributes` (see `projection-parameters.ts` for the rules). */
  parse(type: ResourceTypeName, parameters: ProjectionParameters): Projection;
  /** The output document: `doc` with only the attributes and sub-attributes `projection` returns. */
  project(type: ResourceTypeName, doc: ScimResource, projection: Projection): ScimResource;
  /**
   * Whether the output can contain the attribute `name` (e.g. `members`, `groups`), so storage can skip reading
   * what will not be returned. Unknown names are not needed.
   */
  needsAttribute(type: ResourceTypeName, projection: Projection, name: string): boolean;
}

/** Creates the projector for `registry`. */
export function createProjector(registry: SchemaRegistry): Projector {

  const project = (type: ResourceTypeName, doc: ScimResource, projection: Projection): ScimResource => {
    const resourceType = registry.resourceType(type);
    const extensions = resourceType.schemaExtensions.map(({ schema }) => schema);
    const core: Record<string, unknown> = {};
    const blocks: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(doc)) {
      const urn = key.includes(':') ? extensions.find((candidate) => candidate.toLowerCase() === key.toLowerCase()) : undefined;
      if (urn === undefined) {
        core[key] = value;
        continue;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
      const attributes = registry.schema(urn)?.attributes ?? [];
      const block = projectObject(attributes, urn, projection, value as Record<string, unknown>, false);
      if (Object.keys(block).length > 0) blocks[key] = block;
    }
    // Unknown keys in a stored document are kept by default and dropped when `attributes` selects.
    const keepUnknown = !projection.include;
    return { ...projectObject(registry.coreAttributes(type), resourceType.schema, projection, core, keepUnknown), ...blocks };
  };

  const needsAttribute = (type: ResourceTypeName, projection: Projection, name: string): boolean => {
    const path = parseAttributeName(name);
    const resolved = path ? registry.resolve(type, path) : undefined;
    return resolved ? decide(projection, resolved.schema, resolved.attribute).keep : false;
  };

  return Object.freeze({
    parse: (type: ResourceTypeName, parameters: ProjectionParameters) => parseProjection(registry, type, parameters),
    project,
    needsAttribute,
  });
}
