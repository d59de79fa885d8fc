/**
 * The standalone server's admin secret: `ADMIN_TOKEN` when set, otherwise one generated on first start, printed
 * once and stored only as a SHA-256 digest in `scim_settings` (shared by every instance on one database). The
 * session-signing key lives there too, so a session made on one instance is valid on all of them.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { Knex } from 'knex';
import { firstRow, resultRows } from '../store/result-rows.js';

/** Prefix of generated admin secrets; the event log and secret scanners recognise the `scimdir_` family. */
export const ADMIN_SECRET_PREFIX = 'scimdir_admin_';
const SECRET_KEY = 'admin.secret';
const SIGNING_KEY = 'admin.sessionSigningKey';
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Shortest accepted `ADMIN_TOKEN`: a guessable secret in front of every tenant's tokens is not acceptable. */
export const MIN_ADMIN_TOKEN_LENGTH = 16;

/** The admin secret as the server holds it: its digest, and the secret itself only when just generated. */
export interface AdminSecret {
  /** SHA-256 of the secret, hex. */
  readonly digest: string;
  /** Where it came from. */
  readonly source: 'environment' | 'stored' | 'generated';
  /** The secret, only when this start generated it (print it once). */
  readonly generated?: string;
  /** Key for signing session cookies: derived from the stored signing key and the secret, so a new secret ends old sessions. */
  readonly sessionKey: Buffer;
}

/** SHA-256 hex of an admin secret. */
export function adminSecretDigest(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

async function readSetting(knex: Knex, key: string): Promise<Record<string, unknown> | undefined> {
  const row = firstRow<{ value: unknown }>(await knex('scim_settings').where({ key }).first('value'));
  return row && typeof row.value === 'object' && row.value !== null ? (row.value as Record<string, unknown>) : undefined;
}

/** Inserts a setting unless one exists; returns the stored value (ours, or the one another instance wrote first). */
async function insertSettingOnce(knex: Knex, key: string, value: Record<string, unknown>): Promise<{ value: Record<string, unknown>; inserted: boolean }> {
  const inserted = resultRows<{ key: string }>(await knex('scim_settings').insert({ key, value: JSON.stringify(value) }).onConflict('key').ignore().returning('key'));
  if (inserted.length > 0) return { value, inserted: true };
  const existing = await readSetting(knex, key);
  if (!existing) throw new Error(`scim_settings "${key}" vanished while starting`);
  return { value: existing, inserted: false };
}

/**
 * Resolves the admin secret for this start. `adminToken` is `ADMIN_TOKEN`; too short a value is refused with a
 * message naming the variable.
 */
export async function resolveAdminSecret(knex: Knex, adminToken: string | undefined): Promise<AdminSecret> {
  const signing = await insertSettingOnce(knex, SIGNING_KEY, { key: randomBytes(32).toString('hex') });
  const signingKey = Buffer.from(String(signing.value.key ?? ''), 'hex');
  const sessionKeyFor = (digest: string): Buffer => createHash('sha256').update(signingKey).update(digest, 'hex').digest();
  const fromEnv = adminToken?.trim();
  if (fromEnv) {
    if (fromEnv.length < MIN_ADMIN_TOKEN_LENGTH) {
      throw new Error(`ADMIN_TOKEN must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters (a random one: openssl rand -base64 32).`);
    }
    const digest = adminSecretDigest(fromEnv);
    return { digest, source: 'environment', sessionKey: sessionKeyFor(digest) };
  }
  let secret = ADMIN_SECRET_PREFIX;
  for (let i = 0; i < 43; i++) secret += BASE62[randomInt(BASE62.length)];
  const stored = await insertSettingOnce(knex, SECRET_KEY, { digest: adminSecretDigest(secret), createdAt: new Date().toISOString() });
  const digest = String(stored.value.digest ?? '');
  if (!/^[0-9a-f]{64}$/.test(digest)) throw new Error(`scim_settings "${SECRET_KEY}" holds no valid digest; delete that row to generate a new admin secret.`);
  return stored.inserted ? { digest, source: 'generated', generated: secret, sessionKey: sessionKeyFor(digest) } : { digest, source: 'stored', sessionKey: sessionKeyFor(digest) };
}

/** Forgets the stored admin secret, so the next start generates and prints a new one (the recovery path). */
export async function forgetStoredAdminSecret(knex: Knex): Promise<boolean> {
  return (await knex('scim_settings').where({ key: SECRET_KEY }).delete()) > 0;
}
