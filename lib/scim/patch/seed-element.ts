/**
 * The element an add/replace creates when its value filter matches nothing and `createOnNoMatch` is on
 * (`emails[type eq "work"].value` on a user without a work email becomes `{ type: "work", value: … }`).
 */
import { noTarget } from '../errors.js';
import type { FilterNode } from '../filter/ast.js';
import type { SchemaRegistry } from '../schema/registry-types.js';
import type { ResolvedAttribute } from '../schema/types.js';

/**
 * The sub-attribute values the filter pins down with `eq`, joined by `and`. Any other shape (`or`, `not`, `co`, …)
 * does not say what the new element would be, so it is 400 noTarget as without the option.
 */
export function seedElement(
  registry: SchemaRegistry,
  parent: ResolvedAttribute,
  filter: FilterNode,
  where: string,
): Record<string, unknown> {
  const seed: Record<string, unknown> = {};
  const visit = (node: FilterNode): void => {
    if (node.kind === 'and') {
      visit(node.left);
      visit(node.right);
      return;
    }
    const resolved = node.kind === 'compare' && node.op === 'eq' ? registry.resolveWithin(parent, node.path) : undefined;
    if (node.kind !== 'compare' || !resolved?.subAttribute) {
      throw noTarget(`${where}: the filter matched no value of '${parent.attribute.name}' and does not describe a new one`);
    }
    seed[resolved.subAttribute.name] = node.value;
  };
  visit(filter);
  return seed;
}
