/**
 * ajv errors as validation problems located in attribute notation (RFC 7644 §3.10), with the expected value
 * taken from the `title` the generated JSON Schema carries.
 */
import type { ErrorObject } from 'ajv';
import type { JsonSchema } from './json-schema.js';
import { childPath, type ValidationProblem } from './validation-problems.js';

/**
 * Turns ajv instance-path segments (`/emails/0/value`, `/urn:…:User/manager/value`) into attribute notation
 * below `root`: `emails[0].value`, `urn:…:User:manager.value`.
 */
function attributePathOf(root: string, instancePath: string, last?: string): string {
  const segments = instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (last !== undefined) segments.push(last);
  let path = root;
  for (const segment of segments) {
    if (/^\d+$/.test(segment)) path = childPath(path, Number(segment));
    else if (path === '' && /^urn:/i.test(segment)) path = `${segment}:`;
    else path = childPath(path, segment);
  }
  return path.replace(/:$/, '');
}

/** One ajv error as a problem located in attribute notation below `root` (`''` for a whole document). */
export function ajvProblem(error: ErrorObject, root: string): ValidationProblem {
  const params = error.params as { missingProperty?: unknown; additionalProperty?: unknown };
  if (error.keyword === 'required') {
    const path = attributePathOf(root, error.instancePath, String(params.missingProperty));
    return { path, message: 'is required', scimType: 'invalidValue' };
  }
  if (error.keyword === 'additionalProperties') {
    const path = attributePathOf(root, error.instancePath, String(params.additionalProperty));
    return { path, message: 'is not a known attribute', scimType: 'invalidValue' };
  }
  const title = (error.parentSchema as JsonSchema | undefined)?.title ?? 'of another type';
  return { path: attributePathOf(root, error.instancePath), message: `must be ${title}`, scimType: 'invalidValue' };
}

