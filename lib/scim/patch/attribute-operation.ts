/**
 * One add / replace / remove applied to one attribute of a resource document (RFC 7644 §3.5.2.1–§3.5.2.3),
 * with and without a value filter, honouring mutability (RFC 7643 §2.2) and `primary` (RFC 7643 §2.4).
 * Works in place on the engine's private copy of the document.
 */
import { invalidValue, mutability, noTarget } from '../errors.js';
import type { FilterNode } from '../filter/ast.js';
import { matchesElement } from '../filter/matcher.js';
import { findKey, getProperty, isObject } from '../filter/resource-values.js';
import type { SchemaRegistry } from '../schema/registry-types.js';
import type { AttributeDefinition, ResolvedAttribute, ResourceTypeName } from '../schema/types.js';
import { canonicalJson, jsonClone, jsonEqual } from './json.js';
import { seedElement } from './seed-element.js';
import type { PatchOpName, PatchOptions, PatchValueValidator } from './types.js';
import { deleteProperty, setProperty } from './value-check.js';
import type { WorkBudget } from './work-budget.js';

/** What the operation needs from the engine. */
export interface OperationContext {
  readonly registry: SchemaRegistry;
  readonly type: ResourceTypeName;
  readonly options: PatchOptions;
  readonly validate: PatchValueValidator;
  /** What the request may still examine; every walk over a multi-valued attribute's values spends from it. */
  readonly budget: WorkBudget;
  /**
   * The canonical JSON of every value of a multi-valued list, kept while only whole-attribute adds touch the list,
   * so adding values finds duplicates in constant time instead of comparing with the whole list.
   */
  readonly knownValues: WeakMap<unknown[], Set<string>>;
}

/** One operation on one attribute, resolved. */
export interface AttributeOperation {
  readonly op: PatchOpName;
  readonly value: unknown;
  /** The attribute, with the sub-attribute of a dotted path (`name.givenName`). */
  readonly resolved: ResolvedAttribute;
  readonly valueFilter?: FilterNode;
  /** The sub-attribute after the brackets (`emails[…].value`). */
  readonly filterSubAttribute?: AttributeDefinition;
  /** `Operations[i] (path …)`, for error details. */
  readonly where: string;
}

/** State shared by the helpers below while one operation runs. */
interface Run {
  readonly context: OperationContext;
  readonly operation: AttributeOperation;
  readonly op: PatchOpName;
  readonly container: Record<string, unknown>;
  readonly attribute: AttributeDefinition;
  /** Elements or values this operation wrote, for the `primary` rule. */
  readonly written: unknown[];
}

/** Applies `operation` to `resource` in place. Throws ScimError (mutability, noTarget, invalidValue) naming `where`. */
export function applyAttributeOperation(context: OperationContext, resource: Record<string, unknown>, operation: AttributeOperation): void {
  const { resolved, where } = operation;
  const attribute = resolved.attribute;
  const sub = operation.filterSubAttribute ?? resolved.subAttribute;
  const name = sub ? `${attribute.name}.${sub.name}` : attribute.name;
  // RFC 7644 §3.5.2: "a client MUST NOT modify an attribute that has mutability "readOnly"".
  if (attribute.mutability === 'readOnly' || sub?.mutability === 'readOnly') {
    throw mutability(`${where}: '${name}' is readOnly`);
  }
  let op = operation.op;
  if (operation.value === null && op !== 'remove') {
    // RFC 7643 §2.5: null is the unassigned state, so replacing with null unassigns; adding null adds nothing.
    if (op === 'add') throw invalidValue(`${where}: "add" needs a value for '${name}', got null`);
    op = 'remove';
  }
  const container = containerFor(resource, resolved, op !== 'remove');
  if (!container) return;
  const current = getProperty(container, attribute.name);
  const hadValue = current !== undefined;
  // Only immutable attributes need the old value; copying every attribute per operation would make PATCH quadratic.
  const before = tracksImmutable(attribute) ? snapshot(context, current, where) : undefined;
  const run: Run = { context, operation, op, container, attribute, written: [] };
  const addsWhole = !operation.valueFilter && !resolved.subAttribute && op === 'add';
  // Anything but a whole-attribute add may change values in place, so the duplicate index no longer holds.
  if (!addsWhole && Array.isArray(current)) context.knownValues.delete(current);
  if (operation.valueFilter) applyFiltered(run, operation.valueFilter, operation.filterSubAttribute);
  else if (resolved.subAttribute) applySubAttribute(run, resolved.subAttribute);
  else applyWhole(run);

  let after = getProperty(container, attribute.name);
  if ((Array.isArray(after) && after.length === 0) || (isObject(after) && Object.keys(after).length === 0)) {
    deleteProperty(container, attribute.name);
    after = undefined;
  }
  // RFC 7644 §3.5.2.2: removing (or emptying) a required attribute is a mutability error.
  if (after === undefined && hadValue && attribute.required) {
    throw mutability(`${where}: '${attribute.name}' is required and cannot be removed`);
  }
  if (tracksImmutable(attribute)) checkImmutable(where, attribute, before, after);
  settlePrimary(run);
  tidyExtension(resource, resolved, container);
}

/** Whether {@link checkImmutable} has anything to check on `attribute`. */
function tracksImmutable(attribute: AttributeDefinition): boolean {
  if (attribute.mutability === 'immutable') return true;
  return !attribute.multiValued && (attribute.subAttributes ?? []).some((sub) => sub.mutability === 'immutable');
}

/** A copy of the attribute's value, paid for from the budget when it is a list. */
function snapshot(context: OperationContext, value: unknown, where: string): unknown {
  if (Array.isArray(value)) context.budget.spend(value.length, where);
  return jsonClone(value);
}

/** The object that holds the attribute; an extension object is created (and its URN listed) when writing. */
function containerFor(resource: Record<string, unknown>, resolved: ResolvedAttribute, create: boolean): Record<string, unknown> | undefined {
  if (!resolved.extension) return resource;
  const key = findKey(resource, resolved.schema);
  const existing = key === undefined ? undefined : resource[key];
  if (isObject(existing)) return existing;
  if (!create) return undefined;
  const created: Record<string, unknown> = {};
  setProperty(resource, resolved.schema, created);
  const schemas = getProperty(resource, 'schemas');
  if (Array.isArray(schemas) && !schemas.some((urn) => typeof urn === 'string' && urn.toLowerCase() === resolved.schema.toLowerCase())) {
    schemas.push(resolved.schema);
  }
  return created;
}

/** An extension object left empty goes away with its URN in `schemas` (RFC 7643 §2.5: empty is unassigned). */
function tidyExtension(resource: Record<string, unknown>, resolved: ResolvedAttribute, container: Record<string, unknown>): void {
  if (!resolved.extension || Object.keys(container).length > 0) return;
  deleteProperty(resource, resolved.schema);
  const schemas = getProperty(resource, 'schemas');
  if (Array.isArray(schemas)) {
    const kept = schemas.filter((urn) => typeof urn !== 'string' || urn.toLowerCase() !== resolved.schema.toLowerCase());
    setProperty(resource, 'schemas', kept);
  }
}

/** The attribute without a filter or sub-attribute: `emails`, `nickName`, `name`. */
function applyWhole(run: Run): void {
  const { op, container, attribute, operation, context } = run;
  if (op === 'remove') {
    deleteProperty(container, attribute.name);
    return;
  }
  const value = context.validate(attribute, operation.value, operation.where, false);
  const current = getProperty(container, attribute.name);
  if (attribute.multiValued) {
    const items = Array.isArray(value) ? value : [value];
    if (op === 'replace') {
      setProperty(container, attribute.name, items);
      run.written.push(...items);
      return;
    }
    // RFC 7644 §3.5.2.1: values already present are not added again.
    const list = Array.isArray(current) ? current : [];
    const known = knownValuesOf(context, list, operation.where);
    for (const item of items) {
      const key = canonicalJson(item);
      if (known.has(key)) continue;
      known.add(key);
      list.push(item);
      run.written.push(item);
    }
    setProperty(container, attribute.name, list);
    return;
  }
  // RFC 7644 §3.5.2.1 / §3.5.2.3: on a complex attribute the given sub-attributes are set, the others left as they are.
  if (attribute.type === 'complex' && isObject(current) && isObject(value)) {
    for (const [key, item] of Object.entries(value)) setProperty(current, key, item);
    return;
  }
  setProperty(container, attribute.name, value);
}

/** The duplicate index of `list`, built (and paid for) when no earlier add left one. */
function knownValuesOf(context: OperationContext, list: unknown[], where: string): Set<string> {
  let known = context.knownValues.get(list);
  if (!known) {
    context.budget.spend(list.length, where);
    known = new Set(list.map(canonicalJson));
    context.knownValues.set(list, known);
  }
  return known;
}

/** A dotted path without a filter: `name.givenName`, `urn:…:enterprise:2.0:User:manager.value`, `emails.type`. */
function applySubAttribute(run: Run, sub: AttributeDefinition): void {
  const { op, container, attribute, operation, context } = run;
  const current = getProperty(container, attribute.name);
  if (attribute.multiValued) {
    if (Array.isArray(current)) context.budget.spend(current.length, operation.where);
    const elements = Array.isArray(current) ? current.filter(isObject) : [];
    if (elements.length === 0) {
      if (op === 'remove') return;
      if (!context.options.createOnNoMatch) throw noTarget(`${operation.where}: '${attribute.name}' has no values to set '${sub.name}' on`);
      const created: Record<string, unknown> = {};
      setProperty(container, attribute.name, [...(Array.isArray(current) ? current : []), created]);
      elements.push(created);
    }
    writeSub(run, elements, sub);
    return;
  }
  if (isObject(current)) {
    writeSub(run, [current], sub);
  } else if (op !== 'remove') {
    const created: Record<string, unknown> = {};
    writeSub(run, [created], sub);
    setProperty(container, attribute.name, created);
  }
}

/** Sets or removes sub-attribute `sub` on each of `elements`. */
function writeSub(run: Run, elements: Record<string, unknown>[], sub: AttributeDefinition): void {
  const { op, operation, context } = run;
  if (op === 'remove') {
    if (sub.required && elements.some((element) => getProperty(element, sub.name) !== undefined)) {
      throw mutability(`${operation.where}: '${run.attribute.name}.${sub.name}' is required and cannot be removed`);
    }
    for (const element of elements) deleteProperty(element, sub.name);
    return;
  }
  const value = context.validate(sub, operation.value, operation.where, true);
  for (const element of elements) {
    setProperty(element, sub.name, value);
    run.written.push(element);
  }
}

/** A value path: `emails[type eq "work"]`, `addresses[type eq "work"].streetAddress`. */
function applyFiltered(run: Run, filter: FilterNode, sub: AttributeDefinition | undefined): void {
  const { op, container, attribute, operation, context } = run;
  const { registry, type } = context;
  const current = getProperty(container, attribute.name);
  const elements = Array.isArray(current) ? current : [];
  context.budget.spend(elements.length, operation.where);
  const matched = elements.filter((element) => matchesElement(registry, type, operation.resolved, element, filter)) as Record<string, unknown>[];
  const isMatched = new Set<unknown>(matched);
  if (matched.length === 0) {
    // RFC 7644 §3.5.2.2 / §3.5.2.3: a filter that matches nothing is noTarget, unless the dialect asks to create.
    if (op === 'remove' || !context.options.createOnNoMatch) {
      throw noTarget(`${operation.where}: the filter matched no value of '${attribute.name}'`);
    }
    const seed = seedElement(registry, operation.resolved, filter, operation.where);
    const element = sub ? seed : { ...seed, ...asObject(context.validate(attribute, operation.value, operation.where, true)) };
    if (sub) writeSub(run, [element], sub);
    setProperty(container, attribute.name, [...elements, element]);
    run.written.push(element);
    return;
  }
  if (sub) {
    writeSub(run, matched, sub);
    return;
  }
  if (op === 'remove') {
    setProperty(container, attribute.name, elements.filter((element) => !isMatched.has(element)));
    return;
  }
  const value = asObject(context.validate(attribute, operation.value, operation.where, true));
  if (op === 'replace') {
    // RFC 7644 §3.5.2.3: "all matching record values SHALL be replaced".
    const replaced = elements.map((element) => (isMatched.has(element) ? jsonClone(value) : element));
    setProperty(container, attribute.name, replaced);
    run.written.push(...replaced.filter((element, index) => element !== elements[index]));
    return;
  }
  for (const element of matched) {
    for (const [key, item] of Object.entries(value)) setProperty(element, key, item);
    run.written.push(element);
  }
}

function asObject(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}

/** RFC 7643 §2.2 immutable: may be set when unassigned, never changed afterwards. */
function checkImmutable(where: string, attribute: AttributeDefinition, before: unknown, after: unknown): void {
  if (attribute.mutability === 'immutable' && before !== undefined && !jsonEqual(before, after)) {
    throw mutability(`${where}: '${attribute.name}' is immutable`);
  }
  // Sub-attributes of a single-valued complex attribute are checked whether the path named them or the whole value.
  // Elements of multi-valued attributes have no identity across operations, so theirs are not tracked here.
  if (attribute.multiValued || !isObject(before)) return;
  for (const candidate of attribute.subAttributes ?? []) {
    if (candidate.mutability !== 'immutable') continue;
    const old = getProperty(before, candidate.name);
    const now = isObject(after) ? getProperty(after, candidate.name) : undefined;
    if (old !== undefined && !jsonEqual(old, now)) throw mutability(`${where}: '${attribute.name}.${candidate.name}' is immutable`);
  }
}

/**
 * RFC 7644 §3.5.2: setting `primary` true on one value "SHALL cause the server to automatically set "primary" to
 * "false" for any other values"; RFC 7643 §2.4: true may appear at most once, so two written primaries are refused.
 */
function settlePrimary(run: Run): void {
  const { attribute, container, operation } = run;
  if (!attribute.multiValued || attribute.type !== 'complex') return;
  const primaries = [...new Set(run.written)].filter((element) => isObject(element) && getProperty(element, 'primary') === true);
  if (primaries.length > 1) throw invalidValue(`${operation.where}: more than one '${attribute.name}' value has primary true`);
  const [primary] = primaries;
  const list = getProperty(container, attribute.name);
  if (primary === undefined || !Array.isArray(list)) return;
  run.context.budget.spend(list.length, operation.where);
  for (const element of list) {
    if (element !== primary && isObject(element) && getProperty(element, 'primary') === true) {
      setProperty(element, 'primary', false);
      // A value changed in place: its duplicate-index entry is stale.
      run.context.knownValues.delete(list);
    }
  }
}
