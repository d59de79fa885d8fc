/**
 * Semantic check of a parsed filter against the schema registry (RFC 7644 §3.4.2.2): every path names an
 * attribute, value filters sit on multi-valued complex attributes, and operator and value fit the attribute type.
 * Strict on purpose: a dialect rule may loosen a request (e.g. `"true"` for `true`) before it gets here.
 */
import { invalidFilter } from '../errors.js';
import type { SchemaRegistry } from '../schema/registry-types.js';
import type { AttributeDefinition, ResolvedAttribute, ResourceTypeName } from '../schema/types.js';
import type { CompareNode, CompareOperator, FilterNode } from './ast.js';
import { isDateTime } from './compare-values.js';
import { formatPath, resolveFilterPath, withImplicitValue } from './resolve.js';

const ORDERING: ReadonlySet<CompareOperator> = new Set(['gt', 'ge', 'lt', 'le']);
const SUBSTRING: ReadonlySet<CompareOperator> = new Set(['co', 'sw', 'ew']);

/**
 * Throws 400 invalidFilter naming the position when `node` does not fit resource type `type`: unknown attributes,
 * a value filter on an attribute that is not multi-valued complex, a comparison on a complex attribute that has no
 * `value` sub-attribute, `gt`/`ge`/`lt`/`le` on boolean or binary (RFC 7644 §3.4.2.2 table 3), `co`/`sw`/`ew` on
 * anything but strings and references, and values whose JSON type does not fit the attribute type.
 */
export function checkFilter(registry: SchemaRegistry, type: ResourceTypeName, node: FilterNode): void {
  checkNode(registry, type, node, undefined);
}

/**
 * Resolves the attribute a comparison reads, applying the implicit `.value` of complex attributes;
 * `parent` is the value-path attribute when the node sits inside `attr[…]`. Throws invalidFilter like
 * {@link checkFilter}. The SQL compiler uses this to find the column or JSON path to compare.
 */
export function resolveCompare(
  registry: SchemaRegistry,
  type: ResourceTypeName,
  node: CompareNode,
  parent?: ResolvedAttribute,
): ResolvedAttribute {
  const resolved = withImplicitValue(resolveFilterPath(registry, type, node.path, node.position, parent));
  if (resolved.target.type === 'complex') {
    throw invalidFilter(
      `Filter error at position ${node.position}: '${formatPath(node.path)}' is complex; compare one of its sub-attributes`,
    );
  }
  return resolved;
}

function checkNode(
  registry: SchemaRegistry,
  type: ResourceTypeName,
  node: FilterNode,
  parent: ResolvedAttribute | undefined,
): void {
  switch (node.kind) {
    case 'and':
    case 'or':
      checkNode(registry, type, node.left, parent);
      checkNode(registry, type, node.right, parent);
      return;
    case 'not':
      checkNode(registry, type, node.filter, parent);
      return;
    case 'present':
      resolveFilterPath(registry, type, node.path, node.position, parent);
      return;
    case 'valuePath': {
      const resolved = resolveFilterPath(registry, type, node.path, node.position, parent);
      if (resolved.subAttribute || resolved.attribute.type !== 'complex' || !resolved.attribute.multiValued) {
        throw invalidFilter(
          `Filter error at position ${node.position}: '${formatPath(node.path)}' is not a multi-valued complex attribute, so it takes no value filter`,
        );
      }
      checkNode(registry, type, node.filter, resolved);
      return;
    }
    case 'compare':
      checkCompare(node, resolveCompare(registry, type, node, parent).target);
      return;
  }
}

function checkCompare(node: CompareNode, target: AttributeDefinition): void {
  const where = `Filter error at position ${node.position}`;
  const name = formatPath(node.path);
  if (node.value === null) {
    // `eq null` / `ne null` read as absent / present; nothing else has a meaning for null.
    if (node.op !== 'eq' && node.op !== 'ne') throw invalidFilter(`${where}: '${node.op}' cannot compare with null`);
    return;
  }
  if (ORDERING.has(node.op) && (target.type === 'boolean' || target.type === 'binary')) {
    throw invalidFilter(`${where}: '${node.op}' is not supported on the ${target.type} attribute '${name}'`);
  }
  if (SUBSTRING.has(node.op) && target.type !== 'string' && target.type !== 'reference') {
    throw invalidFilter(`${where}: '${node.op}' is not supported on the ${target.type} attribute '${name}'`);
  }
  if (!valueFits(target, node.value)) {
    throw invalidFilter(`${where}: ${JSON.stringify(node.value)} is not a valid ${target.type} value for '${name}'`);
  }
}

function valueFits(target: AttributeDefinition, value: string | number | boolean): boolean {
  switch (target.type) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'decimal':
      return typeof value === 'number';
    case 'dateTime':
      return typeof value === 'string' && isDateTime(value);
    case 'string':
    case 'reference':
    case 'binary':
    case 'complex':
      return typeof value === 'string';
  }
}
