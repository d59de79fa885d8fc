/**
 * Versioning (RFC 7644 §3.14): weak entity tags from the revision counter, `If-Match` on writes and
 * `If-None-Match` on reads, compared weakly (RFC 7232 §2.3.2) since the tags are weak.
 */
import { preconditionFailed } from '../scim/errors.js';

/** The ETag header value and `meta.version` of a revision: `W/"3"`. */
export function etagOf(revision: number): string {
  return `W/"${revision}"`;
}

/** The opaque tags of an `If-Match`/`If-None-Match` list, without `W/` and quotes; `*` stays `*`. */
function tagsOf(header: string): string[] {
  return header
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => (part === '*' ? '*' : part.replace(/^W\//i, '').replace(/^"(.*)"$/, '$1')));
}

function matches(header: string, revision: number): boolean {
  const tags = tagsOf(header);
  return tags.includes('*') || tags.includes(String(revision));
}

/**
 * Throws 412 when `If-Match` is given and names no current version of the resource. Only called for a resource
 * that exists: a missing one is 404 whatever the preconditions (RFC 7232 §5 lets 404 win).
 */
export function assertIfMatch(ifMatch: string | undefined, revision: number, where: string): void {
  if (ifMatch === undefined || ifMatch.trim() === '') return;
  if (!matches(ifMatch, revision)) {
    throw preconditionFailed(`If-Match ${JSON.stringify(ifMatch)} does not match the current version ${etagOf(revision)} of ${where}.`);
  }
}

/** True when `If-None-Match` names the current version, so a GET answers 304 Not Modified. */
export function notModified(ifNoneMatch: string | undefined, revision: number): boolean {
  return ifNoneMatch !== undefined && ifNoneMatch.trim() !== '' && matches(ifNoneMatch, revision);
}
