/**
 * Assertions of an external suite that this project decides not to satisfy, each with its reason. A failure is
 * allowed only when its request (folder path and name), its assertion name and the HTTP status the request got all
 * match an entry: a 500 where the entry expects a 200 fails the run even though the assertion's name is allowed.
 */
import { readFileSync } from 'node:fs';
import type { NewmanFailure } from './newman-runner.js';

/** One request whose named assertions may fail, provided the server answered it with `status`. */
export interface AllowlistEntry {
  /** Folder path and request name, as `newman-runner` reports it. */
  readonly request: string;
  /** The `pm.test` names allowed to fail on that request. */
  readonly assertions: readonly string[];
  /** The status this server answers that request with (the suite expects another). */
  readonly status: number;
  /** Why we do not satisfy them. */
  readonly reason: string;
}

/** Reads and checks an allowlist file: a JSON array of entries, each with assertions, a status and a reason. */
export function readAllowlist(path: string): AllowlistEntry[] {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error(`${path}: expected a JSON array of entries`);
  return parsed.map((entry: unknown, index) => {
    const fields = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const { request, assertions, status, reason } = fields;
    const named = Array.isArray(assertions) && assertions.length > 0 && assertions.every((a) => typeof a === 'string' && a !== '');
    const isStatus = typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599;
    if (typeof request !== 'string' || request === '' || !named || !isStatus || typeof reason !== 'string' || reason.trim() === '') {
      throw new Error(`${path}[${index}]: needs "request", "assertions" (names), "status" (the HTTP status expected) and a non-empty "reason"`);
    }
    return { request, assertions: assertions as string[], status, reason };
  });
}

/** The entry allowing `failure`, if any. Script errors outside an assertion, and requests without a response, never are. */
export function allowedBy(allowlist: readonly AllowlistEntry[], failure: NewmanFailure): AllowlistEntry | undefined {
  const { assertion, status } = failure;
  if (assertion === undefined || status === undefined) return undefined;
  return allowlist.find((entry) => entry.request === failure.request && entry.status === status && entry.assertions.includes(assertion));
}
