/**
 * Endpoint secrets at rest: AES-256-GCM (node:crypto) under the operator's key (`SCIM_WEBHOOK_KEY`, option
 * `webhooks.key`), with the tenant and endpoint as associated data so a ciphertext copied to another endpoint's
 * row does not decrypt. Stored as `v1.<base64url of iv, tag, ciphertext>`. The secrets themselves are Standard
 * Webhooks secrets: `whsec_` and base64 of random bytes.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The 32-byte key from its text: 64 hex digits or base64 of 32 bytes. Throws a `TypeError` saying what is expected
 * (never echoing the text, which may be a real key with a typo).
 */
export function parseWebhookKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : /^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed) ? Buffer.from(trimmed, 'base64') : undefined;
  if (!key || key.length !== 32) {
    throw new TypeError('scim-directory option "webhooks.key" (SCIM_WEBHOOK_KEY) must be 32 random bytes as 64 hex digits or base64, e.g. the output of `openssl rand -base64 32`.');
  }
  return key;
}

/** A new endpoint secret as Standard Webhooks writes them: `whsec_` and base64 of 24 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** Encrypts and decrypts endpoint secrets under one key. */
export class SecretBox {
  constructor(private readonly key: Buffer) {}

  /** The stored form of `secret`, bound to `context` (tenant and endpoint). */
  seal(secret: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** The secret from its stored form; throws when the key or the context does not match. */
  open(sealed: string, context: string): string {
    const [version, data] = sealed.split('.', 2);
    if (version !== VERSION || !data) throw new Error('an endpoint secret is stored in a form this version does not read');
    const bytes = Buffer.from(data, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}

/** The associated data of an endpoint's secret. */
export function secretContext(tenantId: string, endpointId: string): string {
  return `scim-webhook:${tenantId}:${endpointId}`;
}
