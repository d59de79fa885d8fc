/**
 * The options of {@link createScimDirectory}: one interface, each field with its default, validated once and frozen.
 */
import type { Request } from 'express';
import type { Knex } from 'knex';
import { createDefaultLogger, isScimLogger, type ScimLogger } from './logger.js';
import { DEFAULT_EVENT_OPTIONS, type ChangeEventOptions } from './changes/change-hub.js';
import { DEFAULT_RETENTION, type ChangeRetention } from './changes/retention.js';
import type { ScimHooks } from './host-hooks.js';
import { readHostSchemas, type HostExtensionSchema } from './scim/schema/extension-schema.js';
import { readDeclaredValues, type DeclaredValue } from './scim/roles/declared-roles.js';
import { resolveWebhookOptions, type ResolvedWebhookOptions, type WebhookOptions } from './webhooks/webhook-options.js';

/** What a host passes to `createScimDirectory`. Only `knex` is required. */
export interface ScimDirectoryOptions {
  /** The knex instance on the host's PostgreSQL (client `pg`) or an embedded PGlite (knex-pglite). Required. */
  readonly knex: Knex;
  /** Where logs go. Default: a winston logger writing JSON lines to stdout (`LOG_LEVEL`, default `info`). */
  readonly logger?: ScimLogger;
  /**
   * External base URL of the SCIM router's mount point, e.g. `https://idp.example.com/scim`, used for
   * `meta.location` and printed URLs behind a reverse proxy. Default: derived from each request's host and protocol.
   */
  readonly publicUrl?: string;
  /** Largest accepted request body, in bytes or as `"1mb"`-style text. Larger bodies get 413. Default `1mb`. */
  readonly bodyLimit?: number | string;
  /**
   * Largest accepted body of a request other than `POST /Bulk` (one resource, a PATCH, a `.search`), in bytes or as
   * `"128kb"`-style text; larger bodies get 413. It bounds how long one request's synchronous passes (dialect rules,
   * validation, PATCH, projection) hold the event loop; Bulk keeps `bodyLimit`, as it yields between operations.
   * Default `128kb`; `bodyLimit` if that is smaller.
   */
  readonly resourceBodyLimit?: number | string;
  /**
   * How many `POST /Bulk` requests this instance processes at once; more wait, their bodies read, tenants taking
   * turns; when 32 already wait (or 8 of one tenant), the next gets 503 with `Retry-After`. A large Bulk request
   * holds its parsed body and results while it runs, so the default of 1 keeps the server's memory predictable at
   * some cost in import speed (figures in bench/README.md).
   */
  readonly bulkConcurrency?: number;
  /**
   * Whether each tenant's rate limit (tenant settings `rateLimitPerSecond`, `rateLimitBurst`) applies. Default
   * true; false for load tests and imports that must run at full speed. See docs/operations.md, "Rate limits".
   */
  readonly rateLimits?: boolean;
  /**
   * How long a token verification may be reused, in ms. A token revoked through another instance is refused after
   * at most this long. Default 500.
   */
  readonly verificationCacheMs?: number;
  /** How often credential last-used times are written, in ms. Default 10 000. */
  readonly lastUsedFlushMs?: number;
  /**
   * Lifetime of the access tokens the OAuth token endpoint (`<mount>/<tenant-id>/oauth/token`) issues, in seconds.
   * Default 3600.
   */
  readonly accessTokenTtlSeconds?: number;
  /**
   * Hosts (`host` or `host:port`) whose JWKS URLs workload identity federation trusts may use; keys are fetched
   * over HTTPS from these only, so a trust cannot make the server request an internal address. Default: none
   * (trusts then need a pasted JWKS). Entra ID: `login.microsoftonline.com`.
   */
  readonly jwksAllowedHosts?: readonly string[];
  /** Extra CA certificates (PEM) trusted when fetching JWKS URLs, e.g. a corporate CA. */
  readonly jwksCa?: string;
  /** Page size when a list request gives no `count`. Default 100. */
  readonly defaultPageSize?: number;
  /**
   * Longest a database statement of a SCIM request may run, in ms; a statement past it is cancelled and the request
   * answered 503 with `Retry-After`. A search whose client disconnects is cancelled sooner, at once (not on PGlite).
   * 0 turns the bound off. Default 5000. Not applied on embedded PGlite, which cannot cancel a query.
   */
  readonly statementTimeoutMs?: number;
  /**
   * Whether the statements a SCIM request runs outside a transaction (a create, a lookup, a replace) are prepared,
   * so PostgreSQL plans each once per connection. Default `true`. Behind a pooler that cannot keep prepared
   * statements (PgBouncer before 1.21 in transaction mode) the directory turns them off by itself at the first sign
   * and logs a warning; `false` never uses them. Not used on embedded PGlite.
   */
  readonly preparedStatements?: boolean;
  /** Largest page a list request gets, advertised as `filter.maxResults`. Default 1000. */
  readonly maxPageSize?: number;
  /**
   * What SCIM DELETE does. `false` (default): the user or group is removed. `true`: it is kept as a tombstone
   * (`deleted_at` set, memberships removed) that SCIM answers 404 for and the read API still returns with
   * `includeDeleted`; its userName / displayName is free for a new resource at once.
   */
  readonly softDelete?: boolean;
  /**
   * Host hooks run inside the write transaction before a user or group is created or changed; they can adjust the
   * resource or reject it with a message the identity provider gets as a 400. Default: none.
   */
  readonly hooks?: ScimHooks;
  /**
   * How long the change feed keeps changes: `maxAgeMs` (default 30 days), `maxRowsPerTenant` (default no limit),
   * `pruneIntervalMs` (default 1 hour; 0 turns automatic pruning off).
   */
  readonly changeRetention?: Partial<ChangeRetention>;
  /**
   * Events (`scim.on`): `pollIntervalMs`, how often a subscribed instance reads the feed without a wake-up (default
   * 1000), and `notify`, LISTEN/NOTIFY wake-ups between instances on PostgreSQL (default true).
   */
  readonly events?: Partial<ChangeEventOptions>;
  /**
   * Extension schemas the host's application knows (RFC 7643 §7's representation with `resourceType` beside it,
   * and `tenantId` to declare one for a single tenant): published at the tenant's `/Schemas` and handled like core
   * attributes. Default: none. See docs/embedding.md, "Extension schemas".
   */
  readonly schemas?: readonly Record<string, unknown>[];
  /**
   * The roles the application knows (`{ value, display?, type?, tenantId? }`), published read-only at each tenant's
   * `/Roles`; with the tenant setting `unknownRoles: 'reject'` a user may hold only these. Default: none.
   */
  readonly roles?: readonly Record<string, unknown>[];
  /** The entitlements the application knows, as `roles`, published at `/Entitlements`. Default: none. */
  readonly entitlements?: readonly Record<string, unknown>[];
  /**
   * Who is acting on an admin API request, for the audit trail of administration (`api/audit`): the host's own
   * principal, e.g. `(req) => req.user?.email`. Called once per change; what it returns is recorded as the actor
   * (at most 200 characters); undefined, or a throw, records the change without one. Default: none.
   */
  readonly auditPrincipal?: (req: Request) => string | undefined;
  /**
   * Webhooks (`scim.webhooks`, docs/operations.md "Webhooks"): `key` encrypting endpoint secrets at rest (default
   * `SCIM_WEBHOOK_KEY`; without one no endpoint can be created), `httpAllowedHosts` (plain-HTTP receivers; others
   * need HTTPS), `timeoutMs` (10 000), `retryForMs` (one day), `retrySchedule`, `pollIntervalMs` (1000),
   * `concurrency` (4), `logRetentionMs` (30 days).
   */
  readonly webhooks?: WebhookOptions;
}

/** Options after validation and defaults: what the rest of the directory reads. */
export interface ResolvedOptions {
  readonly knex: Knex;
  readonly logger: ScimLogger;
  readonly publicUrl: string | undefined;
  readonly bodyLimit: number | string;
  readonly resourceBodyLimit: number | string;
  readonly bulkConcurrency: number;
  readonly rateLimits: boolean;
  readonly verificationCacheMs: number;
  readonly lastUsedFlushMs: number;
  readonly accessTokenTtlSeconds: number;
  readonly jwksAllowedHosts: readonly string[];
  readonly jwksCa: string | undefined;
  readonly defaultPageSize: number;
  readonly maxPageSize: number;
  readonly statementTimeoutMs: number;
  readonly preparedStatements: boolean;
  readonly softDelete: boolean;
  readonly hooks: ScimHooks | undefined;
  readonly changeRetention: ChangeRetention;
  readonly events: ChangeEventOptions;
  readonly schemas: readonly HostExtensionSchema[];
  readonly roles: readonly DeclaredValue[];
  readonly entitlements: readonly DeclaredValue[];
  readonly auditPrincipal: ((req: Request) => string | undefined) | undefined;
  readonly webhooks: ResolvedWebhookOptions;
}

/** The default of {@link ScimDirectoryOptions.statementTimeoutMs}. */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 5000;

const SIZE_TEXT = /^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i;

/** A body size as the options take it: a positive integer of bytes or text like `"1mb"`. */
function isSize(value: unknown): value is number | string {
  return (typeof value === 'number' && Number.isInteger(value) && value > 0) || (typeof value === 'string' && SIZE_TEXT.test(value));
}

function nonNegativeInteger(name: string, value: unknown, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new TypeError(`scim-directory option "${name}" must be an integer ≥ ${min}; got ${JSON.stringify(value)}.`);
  }
  return value;
}

function hostList(value: unknown): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((h) => typeof h === 'string' && /^[A-Za-z0-9.-]+(:\d+)?$/.test(h))) {
    throw new TypeError(`scim-directory option "jwksAllowedHosts" must be a list of host or host:port names; got ${JSON.stringify(value)}.`);
  }
  return Object.freeze([...(value as string[])]);
}

function optionObject(name: string, value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`scim-directory option "${name}" must be an object; got ${JSON.stringify(value)}.`);
  }
  return value as Record<string, unknown>;
}

function resolveHooks(value: unknown): ScimHooks | undefined {
  const hooks = optionObject('hooks', value);
  for (const [key, hook] of Object.entries(hooks)) {
    if (key !== 'beforeUserWrite' && key !== 'beforeGroupWrite') {
      throw new TypeError(`scim-directory option "hooks.${key}" is not a hook; hooks are beforeUserWrite and beforeGroupWrite.`);
    }
    if (hook !== undefined && typeof hook !== 'function') throw new TypeError(`scim-directory option "hooks.${key}" must be a function.`);
  }
  return value === undefined ? undefined : Object.freeze({ ...(hooks as ScimHooks) });
}

function resolveRetention(value: unknown): ChangeRetention {
  const o = optionObject('changeRetention', value);
  const maxRows = o.maxRowsPerTenant === undefined ? undefined : nonNegativeInteger('changeRetention.maxRowsPerTenant', o.maxRowsPerTenant, 0, 1);
  if (o.rateLimits !== undefined && typeof o.rateLimits !== 'boolean') {
    throw new TypeError(`scim-directory option "rateLimits" must be true or false; got ${JSON.stringify(o.rateLimits)}.`);
  }
  return Object.freeze({
    maxAgeMs: nonNegativeInteger('changeRetention.maxAgeMs', o.maxAgeMs, DEFAULT_RETENTION.maxAgeMs, 1),
    maxRowsPerTenant: maxRows,
    pruneIntervalMs: nonNegativeInteger('changeRetention.pruneIntervalMs', o.pruneIntervalMs, DEFAULT_RETENTION.pruneIntervalMs),
  });
}

function resolveEvents(value: unknown): ChangeEventOptions {
  const o = optionObject('events', value);
  if (o.notify !== undefined && typeof o.notify !== 'boolean') throw new TypeError(`scim-directory option "events.notify" must be true or false; got ${JSON.stringify(o.notify)}.`);
  return Object.freeze({
    pollIntervalMs: nonNegativeInteger('events.pollIntervalMs', o.pollIntervalMs, DEFAULT_EVENT_OPTIONS.pollIntervalMs, 10),
    notify: o.notify ?? DEFAULT_EVENT_OPTIONS.notify,
  });
}

function isKnex(value: unknown): value is Knex {
  return typeof value === 'function' && typeof (value as { raw?: unknown }).raw === 'function' && typeof (value as { transaction?: unknown }).transaction === 'function';
}

/**
 * Validates options and fills defaults. Throws a `TypeError` naming the first bad option; does no I/O.
 */
export function resolveOptions(input: unknown): ResolvedOptions {
  if (typeof input !== 'object' || input === null) throw new TypeError('scim-directory options must be an object with at least "knex".');
  const o = input as Record<string, unknown>;
  if (!isKnex(o.knex)) throw new TypeError('scim-directory option "knex" must be a knex instance (client "pg" or knex-pglite).');
  if (o.logger !== undefined && !isScimLogger(o.logger)) {
    throw new TypeError('scim-directory option "logger" must have error, warn, info and debug methods.');
  }
  let publicUrl: string | undefined;
  if (o.publicUrl !== undefined) {
    if (typeof o.publicUrl !== 'string' || !URL.canParse(o.publicUrl) || !/^https?:$/.test(new URL(o.publicUrl).protocol)) {
      throw new TypeError(`scim-directory option "publicUrl" must be an absolute http(s) URL; got ${JSON.stringify(o.publicUrl)}.`);
    }
    publicUrl = o.publicUrl.replace(/\/+$/, '');
  }
  const bodyLimit = o.bodyLimit ?? '1mb';
  if (!isSize(bodyLimit)) {
    throw new TypeError(`scim-directory option "bodyLimit" must be a positive number of bytes or text like "1mb"; got ${JSON.stringify(bodyLimit)}.`);
  }
  const resourceBodyLimit = o.resourceBodyLimit ?? '128kb';
  if (!isSize(resourceBodyLimit)) {
    throw new TypeError(`scim-directory option "resourceBodyLimit" must be a positive number of bytes or text like "128kb"; got ${JSON.stringify(resourceBodyLimit)}.`);
  }
  const defaultPageSize = nonNegativeInteger('defaultPageSize', o.defaultPageSize, 100, 1);
  const maxPageSize = nonNegativeInteger('maxPageSize', o.maxPageSize, 1000, 1);
  if (defaultPageSize > maxPageSize) throw new TypeError('scim-directory option "defaultPageSize" must not exceed "maxPageSize".');
  for (const name of ['preparedStatements', 'softDelete'] as const) {
    if (o[name] !== undefined && typeof o[name] !== 'boolean') {
      throw new TypeError(`scim-directory option "${name}" must be true or false; got ${JSON.stringify(o[name])}.`);
    }
  }
  if (o.auditPrincipal !== undefined && typeof o.auditPrincipal !== 'function') {
    throw new TypeError('scim-directory option "auditPrincipal" must be a function (req) => string | undefined.');
  }
  return Object.freeze({
    knex: o.knex,
    logger: (o.logger as ScimLogger | undefined) ?? createDefaultLogger(),
    publicUrl,
    bodyLimit,
    resourceBodyLimit,
    bulkConcurrency: nonNegativeInteger('bulkConcurrency', o.bulkConcurrency, 1, 1),
    rateLimits: o.rateLimits !== false,
    verificationCacheMs: nonNegativeInteger('verificationCacheMs', o.verificationCacheMs, 500),
    lastUsedFlushMs: nonNegativeInteger('lastUsedFlushMs', o.lastUsedFlushMs, 10_000),
    accessTokenTtlSeconds: nonNegativeInteger('accessTokenTtlSeconds', o.accessTokenTtlSeconds, 3600, 1),
    jwksAllowedHosts: hostList(o.jwksAllowedHosts),
    jwksCa: typeof o.jwksCa === 'string' ? o.jwksCa : undefined,
    defaultPageSize,
    maxPageSize,
    statementTimeoutMs: nonNegativeInteger('statementTimeoutMs', o.statementTimeoutMs, DEFAULT_STATEMENT_TIMEOUT_MS),
    preparedStatements: o.preparedStatements !== false,
    softDelete: o.softDelete === true,
    hooks: resolveHooks(o.hooks),
    changeRetention: resolveRetention(o.changeRetention),
    events: resolveEvents(o.events),
    schemas: readHostSchemas(o.schemas),
    roles: readDeclaredValues('roles', o.roles),
    entitlements: readDeclaredValues('entitlements', o.entitlements),
    auditPrincipal: o.auditPrincipal as ((req: Request) => string | undefined) | undefined,
    webhooks: resolveWebhookOptions(o.webhooks),
  });
}
