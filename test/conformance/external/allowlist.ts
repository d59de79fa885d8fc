/**
 * Assertions of an external suite that this project decides not to satisfy, each with its reason. A failure is
 * allowed when its request (folder path and name) and assertion name match an entry; everything else fails the run.
 */
import { readFileSync } from 'node:fs';
import type { NewmanFailure } from './newman-runner.js';

/** One allowed failure. */
export interface AllowlistEntry {
  /** Folder path and request name, as `newman-runner` reports it. */
  readonly request: string;
  /** The `pm.test` names allowed to fail on that request. */
  readonly assertions: readonly string[];
  /** Why we do not satisfy them. */
  readonly reason: string;
}

/** Reads and checks an allowlist file: a JSON array of entries, each with a non-empty reason. */
export function readAllowlist(path: string): AllowlistEntry[] {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error(`${path}: expected a JSON array of entries`);
  return parsed.map((entry: unknown, index) => {
    const fields = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const { request, assertions, reason } = fields;
    if (typeof request !== 'string' || typeof reason !== 'string' || reason.trim() === '' || !Array.isArray(assertions) || !assertions.every((a) => typeof a === 'string')) {
      throw new Error(`${path}[${index}]: needs "request", "assertions" (names) and a non-empty "reason"`);
    }
    return { request, assertions: assertions as string[], reason };
  });
}

/** The entry allowing `failure`, if any. Script errors outside an assertion are never allowed. */
export function allowedBy(allowlist: readonly AllowlistEntry[], failure: NewmanFailure): AllowlistEntry | undefined {
  if (failure.assertion === undefined) return undefined;
  return allowlist.find((entry) => entry.request === failure.request && entry.assertions.includes(failure.assertion ?? ''));
}
