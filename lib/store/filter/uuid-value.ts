/**
 * uuid columns (`r.id`, membership ids) compared with filter strings: a value that is not a uuid matches nothing,
 * decided before the SQL is built, because casting it in SQL would be an error instead of an empty result.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The uuid `value` names, in PostgreSQL's canonical text form, or undefined when it names none. With `caseExact`
 * (RFC 7643 §3.1: `id` is case-exact) only the canonical lower-case form a stored uuid has can be equal to it.
 */
export function uuidFor(value: string, caseExact: boolean): string | undefined {
  if (UUID.test(value)) return value;
  if (!caseExact && UUID.test(value.toLowerCase())) return value.toLowerCase();
  return undefined;
}
