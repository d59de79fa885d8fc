/**
 * Failed attempts: a 500, a receiver that never answers (the attempt's timeout) and a slow one that answers within
 * it. Failures are retried per the retry schedule (injected here, so no test waits for it), and a delivery is
 * marked failed when the schedule gives up or the next attempt would fall past its retry window.
 */
import { describe, expect, it } from 'vitest';
import { useWebhookFixture, userBody } from './webhook-fixture.js';

const f = useWebhookFixture({ timeoutMs: 1000 });

async function endpointFor(types: string[] = ['user.created']) {
  const t = await f.tenant();
  const { endpoint } = (await f.webhooks.create(t.tenantId, { name: 'Flaky', url: f.receiver.url, changeTypes: types }))!;
  const log = async () => (await f.webhooks.deliveries(t.tenantId, endpoint.id, { startIndex: 1, count: 50 })).items;
  return { ...t, endpoint, log };
}

describe('webhook retries', () => {
  it('retries a delivery answered 500 with the schedule, then records the success', async () => {
    const { scim, log } = await endpointFor();
    f.scheduled.length = 0;
    f.retryDelay = () => 0;
    let failures = 2;
    f.receiver.answer = () => (failures-- > 0 ? 500 : 204);
    await scim('/Users', { body: userBody('flaky@example.com') });

    await f.webhooks.worker.round();
    const [first] = await log();
    expect(first).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500, lastError: 'answered 500' });
    expect(first!.nextAttemptAt).not.toBeNull();

    await f.drain();
    expect(f.scheduled).toEqual([1, 2]);
    const [done] = await log();
    expect(done).toMatchObject({ status: 'succeeded', attempts: 3, lastStatus: 204, lastError: null, nextAttemptAt: null });
    f.receiver.answer = () => 204;
  });

  it('waits as long as the schedule says before the next attempt', async () => {
    const { scim, log } = await endpointFor();
    f.retryDelay = () => 60 * 60_000;
    f.receiver.answer = () => 500;
    await scim('/Users', { body: userBody('later@example.com') });
    await f.drain();
    const [waiting] = await log();
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1 });
    expect(waiting!.nextAttemptAt!.getTime() - waiting!.lastAttemptAt!.getTime()).toBeGreaterThanOrEqual(59 * 60_000);
    // Not due: further rounds leave it alone.
    await f.drain();
    expect((await log())[0]!.attempts).toBe(1);
    f.receiver.answer = () => 204;
  });

  it('marks a delivery failed when the schedule gives up, and when the next attempt would pass the retry window', async () => {
    const { scim, log } = await endpointFor();
    f.receiver.answer = () => 503;
    f.retryDelay = (attempt) => (attempt >= 2 ? undefined : 0);
    await scim('/Users', { body: userBody('gives-up@example.com') });
    await f.drain();
    expect((await log())[0]).toMatchObject({ status: 'failed', attempts: 2, lastStatus: 503, nextAttemptAt: null });
    expect((await log())[0]!.completedAt).not.toBeNull();

    f.retryDelay = () => 25 * 60 * 60_000; // past the default one-day window
    await scim('/Users', { body: userBody('past-window@example.com') });
    await f.drain();
    expect((await log())[0]).toMatchObject({ status: 'failed', attempts: 1 });
    f.receiver.answer = () => 204;
  });

  it('counts a receiver that does not answer within the timeout as a failed attempt', async () => {
    const { scim, log } = await endpointFor();
    f.retryDelay = () => 60 * 60_000;
    f.receiver.answer = () => 'hang';
    await scim('/Users', { body: userBody('silent@example.com') });
    await f.drain();
    expect((await log())[0]).toMatchObject({ status: 'pending', attempts: 1, lastStatus: null, lastError: 'no answer within 1000 ms' });
    f.receiver.answer = () => 204;
  });

  it('accepts a slow answer that comes within the timeout', async () => {
    const { scim, log } = await endpointFor();
    f.receiver.answer = () => ({ status: 200, afterMs: 100 });
    await scim('/Users', { body: userBody('slow@example.com') });
    await f.drain();
    expect((await log())[0]).toMatchObject({ status: 'succeeded', attempts: 1, lastStatus: 200 });
    f.receiver.answer = () => 204;
  });

  it('does not follow a redirect', async () => {
    const { scim, log } = await endpointFor();
    f.retryDelay = () => undefined;
    f.receiver.answer = () => 302;
    await scim('/Users', { body: userBody('moved@example.com') });
    await f.drain();
    expect((await log())[0]).toMatchObject({ status: 'failed', lastStatus: 302, lastError: 'answered 302 (redirects are not followed)' });
    f.receiver.answer = () => 204;
  });
});
