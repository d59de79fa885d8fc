/**
 * Per-tenant settings an administrator can change, with their defaults.
 */

/** How a successful group PATCH answers (RFC 7644 §3.5.2: 200 with the resource, or 204 without a body). */
export type GroupPatchResponse = 'noContent' | 'resource';

/** Settings stored on each tenant. */
export interface TenantSettings {
  /** How many recent SCIM requests the event log keeps for the tenant. Default 500. */
  readonly eventLogSize: number;
  /**
   * Group PATCH response: `noContent` (default) answers 204 unless the request asks for attributes, as Entra ID
   * and Okta expect; `resource` answers 200 with the group (members excluded unless asked for).
   */
  readonly groupPatchResponse: GroupPatchResponse;
  /**
   * When a POST /Users conflicts on userName, link to and return the existing user instead of answering 409.
   * Off by default.
   */
  readonly linkUsersOnConflict: boolean;
}

/** Settings of a tenant that never changed them. */
export const DEFAULT_TENANT_SETTINGS: TenantSettings = Object.freeze({
  eventLogSize: 500,
  groupPatchResponse: 'noContent',
  linkUsersOnConflict: false,
});

/** Limits of `eventLogSize`. */
export const EVENT_LOG_SIZE_LIMITS = { min: 0, max: 100_000 } as const;

/** Fills stored (possibly partial or older) settings with defaults; ignores unknown or mistyped keys. */
export function readTenantSettings(stored: unknown): TenantSettings {
  const s = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const size = s.eventLogSize;
  return {
    eventLogSize:
      typeof size === 'number' && Number.isInteger(size) && size >= EVENT_LOG_SIZE_LIMITS.min && size <= EVENT_LOG_SIZE_LIMITS.max
        ? size
        : DEFAULT_TENANT_SETTINGS.eventLogSize,
    groupPatchResponse: s.groupPatchResponse === 'resource' ? 'resource' : 'noContent',
    linkUsersOnConflict: s.linkUsersOnConflict === true,
  };
}

/**
 * Checks a partial settings update from the admin API; returns the merged settings or a message naming the bad key.
 */
export function mergeTenantSettings(current: TenantSettings, update: Record<string, unknown>): TenantSettings | string {
  const next: { -readonly [K in keyof TenantSettings]: TenantSettings[K] } = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (key === 'eventLogSize') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < EVENT_LOG_SIZE_LIMITS.min || value > EVENT_LOG_SIZE_LIMITS.max) {
        return `eventLogSize must be an integer from ${EVENT_LOG_SIZE_LIMITS.min} to ${EVENT_LOG_SIZE_LIMITS.max}`;
      }
      next.eventLogSize = value;
    } else if (key === 'groupPatchResponse') {
      if (value !== 'noContent' && value !== 'resource') return 'groupPatchResponse must be "noContent" or "resource"';
      next.groupPatchResponse = value;
    } else if (key === 'linkUsersOnConflict') {
      if (typeof value !== 'boolean') return 'linkUsersOnConflict must be true or false';
      next.linkUsersOnConflict = value;
    } else {
      return `unknown setting "${key}"`;
    }
  }
  return next;
}
