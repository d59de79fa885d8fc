/**
 * What an event log entry says a request was about: its path below the tenant's SCIM base, its query, and the
 * resource type and id it names.
 */

/** Splits `originalUrl` into the path below `/<tenant>/v2` and the query. */
export function splitScimUrl(originalUrl: string, tenantId: string): { path: string; query: string | undefined } {
  const q = originalUrl.indexOf('?');
  const fullPath = q < 0 ? originalUrl : originalUrl.slice(0, q);
  const query = q < 0 || q === originalUrl.length - 1 ? undefined : originalUrl.slice(q + 1);
  const marker = `/${tenantId}/v2`;
  const at = tenantId ? fullPath.indexOf(marker) : -1;
  const rest = at < 0 ? fullPath : fullPath.slice(at + marker.length);
  return { path: rest === '' ? '/' : rest, query };
}

/** `Users` and the id from `/Users/<id>`; the id of a create comes from its `Location`. */
export function resourceOf(path: string, location: string | undefined): { type: string | undefined; id: string | undefined } {
  const [, type, id] = path.split('/');
  let resourceId = id ? safeDecode(id) : undefined;
  if (!resourceId && location) resourceId = safeDecode(location.split('?')[0]?.split('/').pop() ?? '') || undefined;
  return { type: type ? safeDecode(type) : undefined, id: resourceId };
}

function safeDecode(text: string): string {
  // Most ids have nothing escaped; decodeURIComponent would return them unchanged, at a cost.
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
