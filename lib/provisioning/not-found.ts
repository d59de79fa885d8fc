/**
 * The 404 of a resource id that names nothing of this tenant (RFC 7644 §3.12), including ids that are not UUIDs:
 * those are answered without touching the database.
 */
import { notFound, type ScimError } from '../scim/errors.js';
import type { ResourceTypeName } from '../scim/schema/types.js';

/** 404 naming the resource type and id. */
export function resourceNotFound(type: ResourceTypeName, id: string): ScimError {
  const shown = id.length > 80 ? `${id.slice(0, 80)}…` : id;
  return notFound(`${type} ${JSON.stringify(shown)} not found.`);
}
