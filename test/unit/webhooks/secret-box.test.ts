/**
 * Endpoint secrets at rest: the key's accepted forms, AES-256-GCM round trips bound to their endpoint, tampering
 * detected, and secrets in the Standard Webhooks form.
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, parseWebhookKey, SecretBox, secretContext } from '../../../lib/webhooks/secret-box.js';

describe('parseWebhookKey', () => {
  it('reads 32 bytes as hex or base64', () => {
    const bytes = randomBytes(32);
    expect(parseWebhookKey(bytes.toString('hex'))).toEqual(bytes);
    expect(parseWebhookKey(` ${bytes.toString('base64')}\n`)).toEqual(bytes);
  });

  it('refuses other text without echoing it', () => {
    for (const text of ['', 'secret', 'ab'.repeat(31), randomBytes(16).toString('base64')]) {
      expect(() => parseWebhookKey(text)).toThrow(/32 random bytes/);
    }
    try {
      parseWebhookKey('my-precious-key');
    } catch (error) {
      expect(String(error)).not.toContain('my-precious-key');
    }
  });
});

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));
  const context = secretContext('abcdefabcdef', '5d0c7a36-63c2-4a5e-9d4e-6f1d3a1b2c3d');

  it('round-trips a secret, with a fresh nonce each time', () => {
    const secret = newWebhookSecret();
    const a = box.seal(secret, context);
    const b = box.seal(secret, context);
    expect(a).not.toBe(b);
    expect(box.open(a, context)).toBe(secret);
    expect(a).not.toContain(secret.slice(6));
  });

  it('refuses another context, another key and a changed ciphertext', () => {
    const sealed = box.seal('whsec_abc', context);
    expect(() => box.open(sealed, secretContext('abcdefabcdef', 'other'))).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed, context)).toThrow();
    const bytes = Buffer.from(sealed.slice(3), 'base64url');
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 1, bytes.length - 1);
    expect(() => box.open(`v1.${bytes.toString('base64url')}`, context)).toThrow();
    expect(() => box.open('v2.AAAA', context)).toThrow(/form/);
  });
});

describe('newWebhookSecret', () => {
  it('makes whsec_ secrets the standardwebhooks package signs with', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(newWebhookSecret()).not.toBe(secret);
    const hook = new Webhook(secret);
    const signature = hook.sign('msg_1', new Date(), '{}');
    expect(() => hook.verify('{}', { 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': signature })).not.toThrow();
  });
});
