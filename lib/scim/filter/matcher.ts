/**
 * In-memory evaluation of a filter against one resource document (RFC 7644 §3.4.2.2). Used by PATCH value
 * filters and by tests; a tenant's rows are filtered in SQL by `lib/store`, never by loading them here.
 *
 * Semantics, matching what the SQL compiler is expected to do:
 * - multi-valued attributes match when any value matches ("only one has to match for the entire User to match");
 * - `ne` is the negation of `eq` over all values (an absent attribute is `ne` anything);
 * - `eq null` means absent, `ne null` present;
 * - a value filter `attr[f]` matches when one element satisfies the whole of `f`.
 */
import type { SchemaRegistry } from '../schema/registry-types.js';
import type { ResolvedAttribute, ResourceTypeName } from '../schema/types.js';
import type { CompareNode, FilterNode } from './ast.js';
import { resolveCompare } from './check.js';
import { compareValue } from './compare-values.js';
import { resolveFilterPath } from './resolve.js';
import { getProperty, isObject, isPresentValue, readAttribute, readValues } from './resource-values.js';

/** Where paths are read from: the resource, or one element of a multi-valued complex attribute. */
type Scope =
  | { readonly kind: 'resource'; readonly resource: Record<string, unknown> }
  | { readonly kind: 'element'; readonly parent: ResolvedAttribute; readonly element: Record<string, unknown> };

interface Context {
  readonly registry: SchemaRegistry;
  readonly type: ResourceTypeName;
}

/**
 * True when `resource` (a resource of type `type`) satisfies `node`. Paths that name nothing throw 400
 * invalidFilter like `checkFilter`; run `checkFilter` first to also reject ill-typed comparisons.
 */
export function matchesFilter(
  registry: SchemaRegistry,
  type: ResourceTypeName,
  resource: Record<string, unknown>,
  node: FilterNode,
): boolean {
  return evaluate({ registry, type }, { kind: 'resource', resource }, node);
}

/**
 * True when `element`, one value of the multi-valued complex attribute `parent`, satisfies the value filter
 * `node` (the part between brackets of `emails[type eq "work"]`). Used by the PATCH engine to pick targets.
 */
export function matchesElement(
  registry: SchemaRegistry,
  type: ResourceTypeName,
  parent: ResolvedAttribute,
  element: unknown,
  node: FilterNode,
): boolean {
  return isObject(element) && evaluate({ registry, type }, { kind: 'element', parent, element }, node);
}

function evaluate(context: Context, scope: Scope, node: FilterNode): boolean {
  switch (node.kind) {
    case 'and':
      return evaluate(context, scope, node.left) && evaluate(context, scope, node.right);
    case 'or':
      return evaluate(context, scope, node.left) || evaluate(context, scope, node.right);
    case 'not':
      return !evaluate(context, scope, node.filter);
    case 'present': {
      const resolved = resolveFilterPath(context.registry, context.type, node.path, node.position, parentOf(scope));
      return valuesOf(scope, resolved, false).some(isPresentValue);
    }
    case 'valuePath': {
      const parent = resolveFilterPath(context.registry, context.type, node.path, node.position, parentOf(scope));
      const elements = scope.kind === 'resource' ? readAttribute(scope.resource, parent) : undefined;
      if (!Array.isArray(elements)) return false;
      return elements.some((element) => isObject(element) && evaluate(context, { kind: 'element', parent, element }, node.filter));
    }
    case 'compare':
      return evaluateCompare(context, scope, node);
  }
}

function evaluateCompare(context: Context, scope: Scope, node: CompareNode): boolean {
  const resolved = resolveCompare(context.registry, context.type, node, parentOf(scope));
  const values = valuesOf(scope, resolved, true);
  const expected = node.value;
  if (expected === null) return node.op === 'eq' ? !values.some(isPresentValue) : values.some(isPresentValue);
  if (node.op === 'ne') return !values.some((value) => compareValue(resolved.target, 'eq', value, expected));
  return values.some((value) => compareValue(resolved.target, node.op, value, expected));
}

function parentOf(scope: Scope): ResolvedAttribute | undefined {
  return scope.kind === 'element' ? scope.parent : undefined;
}

/** The values a resolved path names in the scope; `flatten` spreads multi-valued attributes into their elements. */
function valuesOf(scope: Scope, resolved: ResolvedAttribute, flatten: boolean): unknown[] {
  if (scope.kind === 'element') {
    const value = getProperty(scope.element, resolved.target.name);
    return value === undefined || value === null ? [] : [value];
  }
  if (flatten) return readValues(scope.resource, resolved);
  const raw = readAttribute(scope.resource, resolved);
  if (!resolved.subAttribute) return raw === undefined ? [] : [raw];
  return readValues(scope.resource, resolved);
}
