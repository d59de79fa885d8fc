/**
 * Random identifiers and bearer secrets. Tokens carry a fixed, recognisable prefix so secret scanners can find
 * leaked ones, and are stored only as a SHA-256 digest.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';

/** Every token starts with this, so leaked tokens are easy to recognise and scan for. */
export const TOKEN_PREFIX = 'scimdir_';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomString(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** A tenant id: 12 random lowercase alphanumerics (like `zbs848185728`). */
export function newTenantId(): string {
  return randomString(LOWER_ALNUM, 12);
}

/** A credential id, shown in lists and used to revoke. */
export function newCredentialId(): string {
  return randomBytes(8).toString('hex');
}

/** An OAuth client identifier: `scimclient_` and 16 lowercase alphanumerics (recognisable, safe in a URL or form). */
export function newClientId(): string {
  return `scimclient_${randomString(LOWER_ALNUM, 16)}`;
}

/** A federation trust's identifier: `scimtrust_` and 16 lowercase alphanumerics. */
export function newTrustId(): string {
  return `scimtrust_${randomString(LOWER_ALNUM, 16)}`;
}

/** A bearer token: the prefix and 43 base62 characters (about 256 bits of entropy). */
export function newToken(): string {
  return TOKEN_PREFIX + randomString(BASE62, 43);
}

/** The stored form of a token: SHA-256, hex. */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The part of a token that may be displayed: the prefix and the first four secret characters. */
export function tokenDisplayPrefix(token: string): string {
  return token.slice(0, TOKEN_PREFIX.length + 4);
}

/** True for strings shaped like a tenant id, checked before any query. */
export function isTenantId(value: string): boolean {
  return /^[a-z0-9]{12}$/.test(value);
}
