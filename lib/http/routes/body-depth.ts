/**
 * A cap on how deeply a request body nests. SCIM documents are shallow (a PatchOp carrying an extension's
 * `manager.value` is about six levels); a body nested thousands deep is an attack on every recursive walk that
 * follows (dialect rules, validation, projection), so it is refused at the edge with 400 invalidSyntax.
 */
import { invalidSyntax } from '../../scim/errors.js';

/** The deepest nesting of arrays and objects a request body may have. */
export const MAX_BODY_DEPTH = 64;

/** Throws 400 invalidSyntax when `body` nests deeper than `maxDepth`; walks iteratively, so it cannot overflow. */
export function assertBodyDepth(body: unknown, maxDepth = MAX_BODY_DEPTH): void {
  const stack: { value: unknown; depth: number }[] = [{ value: body, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop() as { value: unknown; depth: number };
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= maxDepth) throw invalidSyntax(`The request body nests deeper than ${maxDepth} levels.`);
    for (const child of Array.isArray(value) ? value : Object.values(value)) stack.push({ value: child, depth: depth + 1 });
  }
}
