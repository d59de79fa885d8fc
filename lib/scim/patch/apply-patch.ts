/**
 * The PATCH engine (RFC 7644 §3.5.2): applies a list of operations to a copy of a resource document, atomically
 * (all operations apply, or an error is thrown and nothing changed), and hands group membership changes back as
 * {@link MemberChange}s instead of editing a `members` array.
 */
import { invalidPath, invalidValue, mutability, noTarget, ScimError } from '../errors.js';
import { checkFilter } from '../filter/check.js';
import { formatPath } from '../filter/resolve.js';
import { isObject } from '../filter/resource-values.js';
import { parseAttributePath } from '../path/attribute-path.js';
import { parsePatchPath, type PatchPath } from '../path/patch-path.js';
import type { SchemaRegistry } from '../schema/registry-types.js';
import type { ResourceTypeName, ScimResource } from '../schema/types.js';
import { applyAttributeOperation, type OperationContext } from './attribute-operation.js';
import { jsonClone, jsonEqual } from './json.js';
import { memberChanges } from './member-changes.js';
import { toPatchOperation } from './patch-request.js';
import type { MemberChange, PatchOpName, PatchOperation, PatchOptions, PatchResult } from './types.js';
import { checkAttributeValue, deleteProperty, setProperty } from './value-check.js';
import { createWorkBudget } from './work-budget.js';

/** Engine state for one request. */
interface Engine extends OperationContext {
  readonly resource: Record<string, unknown>;
  readonly memberChanges: MemberChange[];
}

/**
 * Applies PATCH `operations` (already taken from the body, see `parsePatchRequest`) to `resource`, a resource of
 * type `type`. Returns the patched copy, the membership changes in order, and whether anything changed.
 * Errors are ScimErrors whose detail starts with `Operations[i]`: invalidSyntax/invalidValue for malformed
 * operations, invalidPath for paths that are malformed or name nothing, noTarget for a pathless remove or a filter
 * that matches nothing, mutability for readOnly, immutable and required attributes, invalidValue for ill-typed
 * values, tooMany when the operations together examine more than `MAX_PATCH_SCANNED_VALUES` (limits.ts) values. A group's
 * `resource` carries no `members`; member operations never touch the document.
 */
export function applyPatch(
  registry: SchemaRegistry,
  type: ResourceTypeName,
  resource: ScimResource,
  operations: readonly PatchOperation[],
  options: PatchOptions = {},
): PatchResult {
  const engine: Engine = {
    registry,
    type,
    options,
    validate: options.validateValue ?? checkAttributeValue,
    budget: createWorkBudget(),
    knownValues: new WeakMap(),
    resource: jsonClone(resource),
    memberChanges: [],
  };
  operations.forEach((raw, index) => {
    const operation = toPatchOperation(raw, index);
    const where = `Operations[${index}]${operation.path !== undefined ? ` (path ${JSON.stringify(operation.path)})` : ''}`;
    try {
      applyOperation(engine, operation, where);
    } catch (error) {
      // Errors raised below the operation (path parser, filter check) get the operation's index prepended.
      if (error instanceof ScimError && !error.detail.startsWith('Operations[')) {
        throw new ScimError(error.status, `${where}: ${error.detail}`, error.scimType);
      }
      throw error;
    }
  });
  const changed = engine.memberChanges.length > 0 || !jsonEqual(resource, engine.resource);
  return { resource: engine.resource, memberChanges: engine.memberChanges, changed };
}

function applyOperation(engine: Engine, operation: PatchOperation, where: string): void {
  const { op, path, value } = operation;
  if (path === undefined) {
    // RFC 7644 §3.5.2.2: "If "path" is unspecified, the operation fails with … "noTarget"".
    if (op === 'remove') throw noTarget(`${where}: "remove" requires a "path"`);
    applyPathless(engine, op, value, where);
    return;
  }
  const extension = extensionUrn(engine, path.trim());
  if (extension !== undefined) {
    applyToExtension(engine, op, extension, value, where);
    return;
  }
  applyToPath(engine, op, parsePatchPath(path), value, where);
}

/**
 * RFC 7644 §3.5.2.1 / §3.5.2.3 without a path: `value` is an object of attributes to add or replace, keyed by
 * attribute name (dotted or URN-qualified names accepted) or by an extension's URN holding its attributes.
 */
function applyPathless(engine: Engine, op: PatchOpName, value: unknown, where: string): void {
  if (!isObject(value)) throw invalidValue(`${where}: without a "path", "value" must be an object of attributes`);
  for (const [key, item] of Object.entries(value)) {
    const extension = extensionUrn(engine, key);
    const at = `${where} value "${key}"`;
    if (extension !== undefined) {
      applyToExtension(engine, op, extension, item, at);
    } else {
      applyToPath(engine, op, { kind: 'patchPath', path: parseKey(key, at) }, item, at);
    }
  }
}

function parseKey(key: string, where: string): ReturnType<typeof parseAttributePath> {
  try {
    return parseAttributePath(key);
  } catch (error) {
    if (error instanceof ScimError) throw invalidPath(`${where}: ${error.detail}`);
    throw error;
  }
}

/** The canonical URN when `text` names one of the resource type's schema extensions, else undefined. */
function extensionUrn(engine: Engine, text: string): string | undefined {
  const definition = engine.registry.resourceType(engine.type);
  return definition.schemaExtensions.find((extension) => extension.schema.toLowerCase() === text.toLowerCase())?.schema;
}

/** The extension object as a whole: a path or a pathless key equal to the extension's URN. */
function applyToExtension(engine: Engine, op: PatchOpName, urn: string, value: unknown, where: string): void {
  if (op === 'remove' || value === null) {
    const required = engine.registry.resourceType(engine.type).schemaExtensions.some((extension) => extension.schema === urn && extension.required);
    if (required) throw mutability(`${where}: the extension ${urn} is required and cannot be removed`);
    for (const attribute of engine.registry.schema(urn)?.attributes ?? []) {
      if (attribute.required) throw mutability(`${where}: '${attribute.name}' is required and cannot be removed`);
    }
    deleteProperty(engine.resource, urn);
    const schemas = engine.resource['schemas'];
    if (Array.isArray(schemas)) setProperty(engine.resource, 'schemas', schemas.filter((item) => item !== urn));
    return;
  }
  if (!isObject(value)) throw invalidValue(`${where}: the value for ${urn} must be an object of its attributes`);
  for (const [key, item] of Object.entries(value)) {
    const at = `${where} value "${key}"`;
    const path = parseKey(`${urn}:${key}`, at);
    applyToPath(engine, op, { kind: 'patchPath', path }, item, at);
  }
}

/** An operation whose target is named by a parsed path. */
function applyToPath(engine: Engine, op: PatchOpName, patchPath: PatchPath, value: unknown, where: string): void {
  const { registry, type } = engine;
  const resolved = registry.resolve(type, patchPath.path);
  if (!resolved) throw invalidPath(`${where}: '${formatPath(patchPath.path)}' is not an attribute of ${type}`);
  const { valueFilter } = patchPath;
  if (valueFilter) checkValueFilter(engine, patchPath, where);
  const filterSubAttribute =
    patchPath.subAttribute === undefined
      ? undefined
      : registry.resolveWithin(resolved, { kind: 'attributePath', attribute: patchPath.subAttribute })?.subAttribute;
  if (patchPath.subAttribute !== undefined && !filterSubAttribute) {
    throw invalidPath(`${where}: '${patchPath.subAttribute}' is not a sub-attribute of '${resolved.attribute.name}'`);
  }
  if (type === 'Group' && !resolved.extension && resolved.attribute.name === 'members') {
    const subAttribute = filterSubAttribute?.name ?? resolved.subAttribute?.name;
    engine.memberChanges.push(
      ...memberChanges({
        op,
        value,
        where,
        ...(valueFilter ? { valueFilter } : {}),
        ...(subAttribute !== undefined ? { subAttribute } : {}),
      }),
    );
    return;
  }
  applyAttributeOperation(engine, engine.resource, {
    op,
    value,
    resolved,
    where,
    ...(valueFilter ? { valueFilter } : {}),
    ...(filterSubAttribute ? { filterSubAttribute } : {}),
  });
}

/** The value filter must fit the attribute's sub-attributes; a bad one makes the path invalid (RFC 7644 §3.12). */
function checkValueFilter(engine: Engine, patchPath: PatchPath, where: string): void {
  if (!patchPath.valueFilter) return;
  try {
    checkFilter(engine.registry, engine.type, { kind: 'valuePath', path: patchPath.path, filter: patchPath.valueFilter, position: 1 });
  } catch (error) {
    if (error instanceof ScimError) throw invalidPath(`${where}: ${error.detail}`);
    throw error;
  }
}
