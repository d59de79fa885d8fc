/**
 * Compiles a filter (RFC 7644 §3.4.2.2) for User or Group into one parameterised SQL predicate over the resource
 * table aliased `r`. The filter runs in PostgreSQL over the tenant's rows; the caller adds `r.tenant_id = ?` (and
 * `r.deleted_at is null`). Values travel only as bindings; column names and JSON keys come from the registry.
 *
 * Semantics chosen where the RFC is silent (kept in line with the in-memory matcher's reading):
 * - two-valued logic: an absent attribute makes a comparison false, and `not (…)` / `ne` negate that, so
 *   `title ne "x"` and `not (title eq "x")` are true for a user without a title;
 * - on a multi-valued attribute a comparison holds when some value satisfies it, and `ne` is its negation
 *   (`emails.value ne "x"`: no email is "x"); inside brackets each element is singular, so
 *   `emails[value ne "x"]` is "some email is not x";
 * - `eq null` / `ne null` mean absent / present, exactly `not (… pr)` / `… pr`;
 * - `pr` is "a non-empty value": not null, not "", not an empty array or object (complex: a non-empty member).
 */
import type { Knex } from 'knex';
import { invalidFilter } from '../../scim/errors.js';
import type { CompareNode, FilterNode, PresentNode, ValuePathNode } from '../../scim/filter/ast.js';
import { formatPath, resolveFilterPath } from '../../scim/filter/resolve.js';
import type { SchemaRegistry } from '../../scim/schema/registry-types.js';
import type { AttributeDefinition, ResolvedAttribute, ResourceTypeName } from '../../scim/schema/types.js';
import { compareOperand, negate, type CompareSite } from './compare-operand.js';
import { elementSourceFor, someElement, type ElementSource } from './element-source.js';
import { withValueSubAttribute } from './implicit-value.js';
import { jsonPresent } from './operand.js';
import { documentJson, isUnstored, singularOperand } from './resource-columns.js';
import { sql, TRUE_SQL, type SqlFragment } from './sql-fragment.js';

interface Scope {
  readonly registry: SchemaRegistry;
  readonly type: ResourceTypeName;
}

/** Inside `attr[…]`: the multi-valued attribute and where its elements are read. */
interface ElementScope {
  readonly parent: ResolvedAttribute;
  readonly source: ElementSource;
}

/**
 * The SQL predicate for `node` on resource type `type`, as text with `?` placeholders and its bindings. Throws 400
 * invalidFilter naming the position for unknown attributes and for operators or values that do not fit the
 * attribute's type (`active eq "x"`, `meta.created gt 5`, `emails[…]` on a singular attribute).
 */
export function compileFilter(registry: SchemaRegistry, type: ResourceTypeName, node: FilterNode): SqlFragment {
  return compileNode({ registry, type }, node, undefined);
}

/** Adds `node` to `query` as a where clause (`query.whereRaw(…)`), for a query over the table aliased `r`. */
export function applyFilter<Q extends Knex.QueryBuilder>(
  query: Q,
  registry: SchemaRegistry,
  type: ResourceTypeName,
  node: FilterNode,
): Q {
  const { sql: text, bindings } = compileFilter(registry, type, node);
  return query.whereRaw(text, [...bindings]) as Q;
}

function compileNode(scope: Scope, node: FilterNode, element: ElementScope | undefined): SqlFragment {
  switch (node.kind) {
    case 'and':
      return sql`(${compileNode(scope, node.left, element)}) and (${compileNode(scope, node.right, element)})`;
    case 'or':
      return sql`(${compileNode(scope, node.left, element)}) or (${compileNode(scope, node.right, element)})`;
    case 'not':
      return negate(compileNode(scope, node.filter, element));
    case 'compare':
      return element ? compareInElement(scope, node, element) : compareAttribute(scope, node);
    case 'present':
      return element ? presentInElement(scope, node, element) : presentAttribute(scope, node);
    case 'valuePath':
      return valuePath(scope, node);
  }
}

function site(node: CompareNode | PresentNode | ValuePathNode): CompareSite {
  return { position: node.position, name: formatPath(node.path) };
}

function fail(position: number, message: string): never {
  throw invalidFilter(`Filter error at position ${position}: ${message}`);
}

/** The element source of a multi-valued attribute, or a 400 naming the sub-attribute the store cannot read. */
function sourceFor(scope: Scope, resolved: ResolvedAttribute, subs: readonly (AttributeDefinition | undefined)[], position: number): ElementSource {
  const source = elementSourceFor(scope.type, resolved, subs);
  if (source) return source;
  const names = subs.map((sub) => `${resolved.attribute.name}${sub ? `.${sub.name}` : ''}`).join("', '");
  return fail(position, `'${names}' cannot be filtered on: only the stored membership columns can be`);
}

function compareAttribute(scope: Scope, node: CompareNode): SqlFragment {
  const resolved = withValueSubAttribute(resolveFilterPath(scope.registry, scope.type, node.path, node.position));
  if (resolved.target.type === 'complex') {
    fail(node.position, `'${formatPath(node.path)}' is complex; compare one of its sub-attributes`);
  }
  if (isUnstored(resolved)) fail(node.position, `'${formatPath(node.path)}' is not stored and cannot be filtered on`);
  if (!resolved.attribute.multiValued) return compareOperand(singularOperand(scope.type, resolved), node.op, node.value, site(node));
  const source = sourceFor(scope, resolved, [resolved.subAttribute], node.position);
  const operand = source.operand(resolved.subAttribute);
  if (!operand) return fail(node.position, `'${formatPath(node.path)}' cannot be filtered on`);
  // Attribute level: null tests presence of any value, and ne negates "some value equals".
  if (node.value === null) {
    const present = someElement(source, operand.present);
    if (node.op === 'eq') return negate(present);
    if (node.op === 'ne') return present;
  }
  if (node.op === 'ne') return negate(someElement(source, compareOperand(operand, 'eq', node.value, site(node))));
  return someElement(source, compareOperand(operand, node.op, node.value, site(node)));
}

function presentAttribute(scope: Scope, node: PresentNode): SqlFragment {
  const resolved = resolveFilterPath(scope.registry, scope.type, node.path, node.position);
  if (resolved.attribute.multiValued) {
    const sub = resolved.subAttribute;
    const source = sourceFor(scope, resolved, sub ? [sub] : [], node.position);
    const operand = sub ? source.operand(sub) : undefined;
    return someElement(source, operand ? operand.present : source.elementPresent);
  }
  if (resolved.target.type === 'complex') {
    // meta is maintained by the service and always there; other complex attributes live in doc.
    return resolved.attribute.name === 'meta' && !resolved.extension ? TRUE_SQL : jsonPresent(documentJson(resolved), resolved.target);
  }
  if (isUnstored(resolved)) fail(node.position, `'${formatPath(node.path)}' is not stored and cannot be filtered on`);
  return singularOperand(scope.type, resolved).present;
}

function valuePath(scope: Scope, node: ValuePathNode): SqlFragment {
  const parent = resolveFilterPath(scope.registry, scope.type, node.path, node.position);
  if (parent.subAttribute || parent.attribute.type !== 'complex' || !parent.attribute.multiValued) {
    fail(node.position, `'${formatPath(node.path)}' is not a multi-valued complex attribute, so it takes no value filter`);
  }
  const subs = innerSubAttributes(scope, node.filter, parent);
  const source = sourceFor(scope, parent, subs, node.position);
  return someElement(source, compileNode(scope, node.filter, { parent, source }));
}

/** Every sub-attribute the value filter reads, so one source can be chosen that holds them all. */
function innerSubAttributes(scope: Scope, node: FilterNode, parent: ResolvedAttribute): AttributeDefinition[] {
  switch (node.kind) {
    case 'and':
    case 'or':
      return [...innerSubAttributes(scope, node.left, parent), ...innerSubAttributes(scope, node.right, parent)];
    case 'not':
      return innerSubAttributes(scope, node.filter, parent);
    case 'compare':
    case 'present':
      return [resolveFilterPath(scope.registry, scope.type, node.path, node.position, parent).target];
    case 'valuePath':
      // The parser refuses nested brackets; a hand-built AST gets the same answer.
      return fail(node.position, 'value filters cannot be nested');
  }
}

function elementOperand(scope: Scope, node: CompareNode | PresentNode, element: ElementScope) {
  const resolved = resolveFilterPath(scope.registry, scope.type, node.path, node.position, element.parent);
  const operand = element.source.operand(resolved.target);
  return operand ?? fail(node.position, `'${formatPath(node.path)}' cannot be filtered on`);
}

function compareInElement(scope: Scope, node: CompareNode, element: ElementScope): SqlFragment {
  return compareOperand(elementOperand(scope, node, element), node.op, node.value, site(node));
}

function presentInElement(scope: Scope, node: PresentNode, element: ElementScope): SqlFragment {
  return elementOperand(scope, node, element).present;
}
