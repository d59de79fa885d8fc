/**
 * A cap on how deeply a request body nests. SCIM documents are shallow (a PatchOp carrying an extension's
 * `manager.value` is about six levels); a body nested thousands deep is an attack on every recursive walk that
 * follows (dialect rules, validation, projection), so it is refused at the edge with 400 invalidSyntax.
 */
import { invalidSyntax } from '../../scim/errors.js';

/** The deepest nesting of arrays and objects a request body may have. */
export const MAX_BODY_DEPTH = 64;

/**
 * Most arrays and objects a request body may hold in all. The largest real bodies (a Bulk request at its operation
 * cap, a user with thousands of emails) hold tens of thousands; a body-sized tree of tiny arrays would make every
 * walk that follows (dialect rules, validation) cost far more than parsing it did.
 */
export const MAX_BODY_NODES = 100_000;

/**
 * Most arrays and objects the body of a request other than Bulk may hold. One resource holds a few thousand at most
 * (a user with thousands of emails, a group create with thousands of members); parsing a body-sized tree of tiny
 * arrays costs many times parsing the same bytes of real attributes.
 */
export const MAX_RESOURCE_BODY_NODES = 20_000;

/**
 * Throws 400 invalidSyntax when `body` nests deeper than `maxDepth` or holds more than `maxNodes` arrays and
 * objects; walks iteratively, so it cannot overflow, and
 * keeps values and depths in two plain stacks, so a body-sized tree costs no allocation per node.
 */
export function assertBodyDepth(body: unknown, maxDepth = MAX_BODY_DEPTH, maxNodes = MAX_BODY_NODES): void {
  let nodes = 0;
  const values: unknown[] = [body];
  const depths: number[] = [0];
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop() as number;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= maxDepth) throw invalidSyntax(`The request body nests deeper than ${maxDepth} levels.`);
    nodes += 1;
    if (nodes > maxNodes) throw invalidSyntax(`The request body holds more than ${maxNodes} arrays and objects.`);
    if (Array.isArray(value)) {
      for (const child of value) {
        if (typeof child === 'object' && child !== null) {
          values.push(child);
          depths.push(depth + 1);
        }
      }
    } else {
      for (const key in value) {
        const child: unknown = (value as Record<string, unknown>)[key];
        if (typeof child === 'object' && child !== null) {
          values.push(child);
          depths.push(depth + 1);
        }
      }
    }
  }
}

const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * {@link assertBodyDepth} on the raw UTF-8 text, before `JSON.parse`: one scan over the bytes counting brackets
 * outside strings (a multi-byte UTF-8 sequence never contains these ASCII bytes). Parsing a body-sized tree of tiny
 * arrays costs many times the scan, so such a body is refused before it is parsed. Malformed JSON is left to the
 * parser.
 */
export function assertRawBodyShape(raw: Uint8Array, maxDepth = MAX_BODY_DEPTH, maxNodes = MAX_BODY_NODES): void {
  let depth = 0;
  let nodes = 0;
  let inString = false;
  for (let index = 0; index < raw.length; index += 1) {
    const byte = raw[index];
    if (inString) {
      if (byte === BACKSLASH) index += 1;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      depth += 1;
      nodes += 1;
      if (depth > maxDepth) throw invalidSyntax(`The request body nests deeper than ${maxDepth} levels.`);
      if (nodes > maxNodes) throw invalidSyntax(`The request body holds more than ${maxNodes} arrays and objects.`);
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
      depth -= 1;
    }
  }
}
