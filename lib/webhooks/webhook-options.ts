/**
 * The `webhooks` option of `createScimDirectory`: the key endpoint secrets are encrypted with, where plain HTTP may
 * go, and how deliveries are timed. Validated once; a bad value is a `TypeError` naming it.
 */
import { exponentialBackoff, type RetrySchedule } from './retry-schedule.js';
import { parseWebhookKey } from './secret-box.js';

/** What a host may pass as `webhooks`. */
export interface WebhookOptions {
  /**
   * The key endpoint secrets are encrypted with at rest (AES-256-GCM): 32 random bytes as 64 hex digits or base64.
   * Default: the environment variable `SCIM_WEBHOOK_KEY`. Without a key, endpoints cannot be created.
   */
  readonly key?: string;
  /** Hosts (`host` or `host:port`) deliveries may reach over plain HTTP; every other endpoint needs HTTPS. Default none. */
  readonly httpAllowedHosts?: readonly string[];
  /** How long one attempt may take before it counts as failed, in ms. Default 10 000. */
  readonly timeoutMs?: number;
  /** How long a delivery is retried before it is marked failed, in ms. Default one day. */
  readonly retryForMs?: number;
  /** The wait after the n-th failed attempt, in ms (undefined: give up). Default: exponential backoff with jitter. */
  readonly retrySchedule?: RetrySchedule;
  /** How often the worker looks for due deliveries, in ms. Default 1000. */
  readonly pollIntervalMs?: number;
  /** Deliveries one instance sends at once. Default 4. */
  readonly concurrency?: number;
  /** How long succeeded and failed deliveries stay in the delivery log, in ms. Default 30 days. */
  readonly logRetentionMs?: number;
}

/** The resolved `webhooks` option. */
export interface ResolvedWebhookOptions {
  readonly key: Buffer | undefined;
  readonly httpAllowedHosts: readonly string[];
  readonly timeoutMs: number;
  readonly retryForMs: number;
  readonly retrySchedule: RetrySchedule;
  readonly pollIntervalMs: number;
  readonly concurrency: number;
  readonly logRetentionMs: number;
}

function positive(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new TypeError(`scim-directory option "webhooks.${name}" must be a positive integer; got ${JSON.stringify(value)}.`);
  }
  return value;
}

/** Validates the `webhooks` option; `env` supplies `SCIM_WEBHOOK_KEY` when no key is given. */
export function resolveWebhookOptions(value: unknown, env: NodeJS.ProcessEnv = process.env): ResolvedWebhookOptions {
  if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw new TypeError('scim-directory option "webhooks" must be an object.');
  }
  const o = (value ?? {}) as Record<string, unknown>;
  const keyText = o.key ?? (env.SCIM_WEBHOOK_KEY?.trim() || undefined);
  if (keyText !== undefined && typeof keyText !== 'string') throw new TypeError('scim-directory option "webhooks.key" must be text.');
  const hosts = o.httpAllowedHosts ?? [];
  if (!Array.isArray(hosts) || !hosts.every((h) => typeof h === 'string' && /^[A-Za-z0-9.:[\]-]+$/.test(h))) {
    throw new TypeError(`scim-directory option "webhooks.httpAllowedHosts" must be a list of host or host:port names; got ${JSON.stringify(hosts)}.`);
  }
  if (o.retrySchedule !== undefined && typeof o.retrySchedule !== 'function') {
    throw new TypeError('scim-directory option "webhooks.retrySchedule" must be a function (attempt) => ms | undefined.');
  }
  return Object.freeze({
    key: keyText === undefined ? undefined : parseWebhookKey(keyText),
    httpAllowedHosts: Object.freeze([...(hosts as string[])]),
    timeoutMs: positive('timeoutMs', o.timeoutMs, 10_000),
    retryForMs: positive('retryForMs', o.retryForMs, 24 * 60 * 60_000),
    retrySchedule: (o.retrySchedule as RetrySchedule | undefined) ?? exponentialBackoff(),
    pollIntervalMs: positive('pollIntervalMs', o.pollIntervalMs, 1000),
    concurrency: positive('concurrency', o.concurrency, 4),
    logRetentionMs: positive('logRetentionMs', o.logRetentionMs, 30 * 24 * 60 * 60_000),
  });
}
