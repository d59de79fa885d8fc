/**
 * The `webhooks` option and the endpoint URL policy: defaults, the key from `SCIM_WEBHOOK_KEY`, and `TypeError`s
 * naming the bad field.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { resolveWebhookOptions } from '../../../lib/webhooks/webhook-options.js';
import { webhookUrlProblem } from '../../../lib/webhooks/webhook-url.js';

describe('resolveWebhookOptions', () => {
  it('has defaults, and no key unless one is given', () => {
    const o = resolveWebhookOptions(undefined, {});
    expect(o).toMatchObject({ key: undefined, httpAllowedHosts: [], timeoutMs: 10_000, retryForMs: 86_400_000, pollIntervalMs: 1000, concurrency: 4 });
    expect(o.retrySchedule(1)).toBeGreaterThanOrEqual(15_000);
  });

  it('takes the key from SCIM_WEBHOOK_KEY, the option winning', () => {
    const env = randomBytes(32);
    const option = randomBytes(32);
    expect(resolveWebhookOptions({}, { SCIM_WEBHOOK_KEY: env.toString('base64') }).key).toEqual(env);
    expect(resolveWebhookOptions({ key: option.toString('hex') }, { SCIM_WEBHOOK_KEY: env.toString('base64') }).key).toEqual(option);
  });

  it('names the bad field', () => {
    expect(() => resolveWebhookOptions('yes', {})).toThrow(/"webhooks" must be an object/);
    expect(() => resolveWebhookOptions({ key: 'short' }, {})).toThrow(/webhooks\.key/);
    expect(() => resolveWebhookOptions({ timeoutMs: 0 }, {})).toThrow(/webhooks\.timeoutMs/);
    expect(() => resolveWebhookOptions({ httpAllowedHosts: ['a b'] }, {})).toThrow(/webhooks\.httpAllowedHosts/);
    expect(() => resolveWebhookOptions({ retrySchedule: 5 }, {})).toThrow(/webhooks\.retrySchedule/);
  });
});

describe('webhookUrlProblem', () => {
  const allowed = ['127.0.0.1:8080', 'receiver.internal'];
  it('takes https anywhere and http on allowed hosts only', () => {
    expect(webhookUrlProblem('https://hooks.example.com/x?y=1', [])).toBeUndefined();
    expect(webhookUrlProblem('http://127.0.0.1:8080/hook', allowed)).toBeUndefined();
    expect(webhookUrlProblem('http://receiver.internal:9000/hook', allowed)).toBeUndefined();
    expect(webhookUrlProblem('http://127.0.0.1:8081/hook', allowed)).toMatch(/"127.0.0.1:8081" is not one/);
    expect(webhookUrlProblem('http://169.254.169.254/latest', allowed)).toMatch(/must use https/);
  });

  it('refuses other schemes, credentials, non-URLs and very long URLs', () => {
    expect(webhookUrlProblem('file:///etc/passwd', allowed)).toMatch(/https/);
    expect(webhookUrlProblem('https://a:b@example.com', allowed)).toMatch(/credentials/);
    expect(webhookUrlProblem('/relative', allowed)).toMatch(/absolute/);
    expect(webhookUrlProblem(`https://example.com/${'a'.repeat(2000)}`, allowed)).toMatch(/longer/);
  });
});
