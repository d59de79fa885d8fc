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
  /**
   * Sustained SCIM requests per second this tenant may make on one instance (a Bulk request counts its operations);
   * `0` turns the limit off. Default 50. See docs/operations.md, "Rate limits".
   */
  readonly rateLimitPerSecond: number;
  /** Requests (operations) the tenant may make at once above the sustained rate. Default 500. */
  readonly rateLimitBurst: number;
  /**
   * Extension attributes the tenant's schemas do not define: `ignore` (default) drops them and the event log names
   * them; `reject` answers 400 naming them.
   */
  readonly unknownAttributes: UnknownAttributes;
  /**
   * Role and entitlement values the application did not declare (`roles`, `entitlements` options): `keep`
   * (default) stores them; `reject` answers 400 naming them.
   */
  readonly unknownRoles: 'keep' | 'reject';
  /**
   * The deprovisioning guard (docs/operations.md): past its threshold, deactivations and deletions from the identity
   * provider are answered and shown on the SCIM API, but held from the host until an administrator approves them.
   * Off by default: a held deactivation keeps a departed person's access.
   */
  readonly deprovisioningGuard: boolean;
  /** The guard's threshold: more than this percentage of the active users (default 10)… */
  readonly deprovisioningGuardPercent: number;
  /** …and at least this many users (default 20)… */
  readonly deprovisioningGuardMinimum: number;
  /** …deactivated or deleted within this many minutes, a sliding window (default 60). */
  readonly deprovisioningGuardWindowMinutes: number;
}

/** What happens to extension attributes the tenant's schemas do not define. */
export type UnknownAttributes = 'ignore' | 'reject';

/** Settings of a tenant that never changed them. */
export const DEFAULT_TENANT_SETTINGS: TenantSettings = Object.freeze({
  eventLogSize: 500,
  groupPatchResponse: 'noContent',
  linkUsersOnConflict: false,
  rateLimitPerSecond: 50,
  rateLimitBurst: 500,
  unknownAttributes: 'ignore',
  unknownRoles: 'keep',
  deprovisioningGuard: false,
  deprovisioningGuardPercent: 10,
  deprovisioningGuardMinimum: 20,
  deprovisioningGuardWindowMinutes: 60,
});

/** Limits of the deprovisioning guard's threshold settings. */
export const GUARD_LIMITS = {
  deprovisioningGuardPercent: { min: 1, max: 100 },
  deprovisioningGuardMinimum: { min: 1, max: 1_000_000 },
  deprovisioningGuardWindowMinutes: { min: 1, max: 10_080 },
} as const;

type GuardNumber = keyof typeof GUARD_LIMITS;

const DEFAULT_GUARD_NUMBERS = {
  deprovisioningGuardPercent: 10,
  deprovisioningGuardMinimum: 20,
  deprovisioningGuardWindowMinutes: 60,
} as const;

/** Limits of `eventLogSize`. */
export const EVENT_LOG_SIZE_LIMITS = { min: 0, max: 100_000 } as const;

/** Limits of `rateLimitPerSecond` and `rateLimitBurst`. */
export const RATE_LIMIT_LIMITS = { perSecond: { min: 0, max: 100_000 }, burst: { min: 1, max: 1_000_000 } } as const;

function integerIn(value: unknown, limits: { readonly min: number; readonly max: number }): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= limits.min && value <= limits.max;
}

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
    rateLimitPerSecond: integerIn(s.rateLimitPerSecond, RATE_LIMIT_LIMITS.perSecond) ? s.rateLimitPerSecond : DEFAULT_TENANT_SETTINGS.rateLimitPerSecond,
    rateLimitBurst: integerIn(s.rateLimitBurst, RATE_LIMIT_LIMITS.burst) ? s.rateLimitBurst : DEFAULT_TENANT_SETTINGS.rateLimitBurst,
    unknownAttributes: s.unknownAttributes === 'reject' ? 'reject' : 'ignore',
    unknownRoles: s.unknownRoles === 'reject' ? 'reject' : 'keep',
    deprovisioningGuard: s.deprovisioningGuard === true,
    ...guardNumbers(s),
  };
}

function guardNumbers(s: Record<string, unknown>): Pick<TenantSettings, GuardNumber> {
  const out: { [K in GuardNumber]: number } = { ...DEFAULT_GUARD_NUMBERS };
  for (const key of Object.keys(GUARD_LIMITS) as GuardNumber[]) {
    const value = s[key];
    if (integerIn(value, GUARD_LIMITS[key])) out[key] = value;
  }
  return out;
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
    } else if (key === 'rateLimitPerSecond' || key === 'rateLimitBurst') {
      const limits = key === 'rateLimitPerSecond' ? RATE_LIMIT_LIMITS.perSecond : RATE_LIMIT_LIMITS.burst;
      if (!integerIn(value, limits)) return `${key} must be an integer from ${limits.min} to ${limits.max}`;
      next[key] = value;
    } else if (key === 'unknownAttributes') {
      if (value !== 'ignore' && value !== 'reject') return 'unknownAttributes must be "ignore" or "reject"';
      next.unknownAttributes = value;
    } else if (key === 'deprovisioningGuard') {
      if (typeof value !== 'boolean') return 'deprovisioningGuard must be true or false';
      next.deprovisioningGuard = value;
    } else if (key in GUARD_LIMITS) {
      const limits = GUARD_LIMITS[key as GuardNumber];
      if (!integerIn(value, limits)) return `${key} must be an integer from ${limits.min} to ${limits.max}`;
      next[key as GuardNumber] = value;
    } else if (key === 'unknownRoles') {
      if (value !== 'keep' && value !== 'reject') return 'unknownRoles must be "keep" or "reject"';
      next.unknownRoles = value;
    } else {
      return `unknown setting "${key}"`;
    }
  }
  return next;
}
