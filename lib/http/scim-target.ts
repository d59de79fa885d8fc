/**
 * Splits a SCIM request URL (as the router sees it, below the host's mount) into the tenant and the endpoint path:
 * `/<tenant-id>/v2/Users/42?x=1` → tenant `<tenant-id>`, base `/<tenant-id>/v2`, route path `/Users/42`. `v2` matches
 * in any case, as Express's default routing matched it.
 */
import { ScimError } from '../scim/errors.js';

/** Where a SCIM request goes. */
export interface ScimTarget {
  /** The tenant id, percent-decoded. */
  readonly tenantId: string;
  /** `/<tenant-id>/v2` as it appears in the URL (not decoded): the mount-relative base of `meta.location`. */
  readonly basePath: string;
  /** The path below `/<tenant-id>/v2`, starting with `/` (just `/` for the base itself), without the query. */
  readonly routePath: string;
}

/** The target of `url`, or undefined when it is not below `/<tenant-id>/v2`. A malformed tenant escape is a 400. */
export function scimTarget(url: string): ScimTarget | undefined {
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  if (path.charCodeAt(0) !== 47 /* / */) return undefined;
  const tenantEnd = path.indexOf('/', 1);
  if (tenantEnd <= 1) return undefined;
  const versionEnd = path.indexOf('/', tenantEnd + 1);
  const version = path.slice(tenantEnd + 1, versionEnd < 0 ? undefined : versionEnd);
  if (version.length !== 2 || version.toLowerCase() !== 'v2') return undefined;
  const rawTenant = path.slice(1, tenantEnd);
  return {
    tenantId: decodeTenant(rawTenant),
    basePath: versionEnd < 0 ? path : path.slice(0, versionEnd),
    routePath: versionEnd < 0 ? '/' : path.slice(versionEnd),
  };
}

function decodeTenant(raw: string): string {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new ScimError(400, `The tenant id "${raw}" in the URL is not valid percent-encoding.`);
  }
}
