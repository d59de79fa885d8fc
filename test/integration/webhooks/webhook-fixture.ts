/**
 * The setup of a webhook test file: a database of its own (the delivery feed position is one row for the whole
 * database, so a shared database would make these tests fan out every other file's changes), a host with
 * webhooks allowed to reach a local receiver over HTTP, a tenant, and helpers that make SCIM changes and run the
 * worker's rounds by hand (no timers, so nothing depends on timing).
 */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, beforeAll } from 'vitest';
import type { DeliveryRound } from '../../../lib/webhooks/delivery-worker.js';
import type { WebhookOptions } from '../../../lib/webhooks/webhook-options.js';
import type { WebhooksService } from '../../../lib/webhooks/webhooks-service.js';
import { isolatedTestKnex } from '../../support/database.js';
import { memoryLogger, scimFetch, startTestHost, type TestHost } from '../../support/http-host.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

/** A key for tests: 32 random bytes as hex. */
export const TEST_KEY = randomBytes(32).toString('hex');

/** What a test reads from the fixture. */
export interface WebhookFixture {
  knex: Knex;
  host: TestHost;
  receiver: WebhookReceiver;
  logs: ReturnType<typeof memoryLogger>;
  /** The waits the retry schedule was asked for, by attempt number. */
  scheduled: number[];
  /** What the retry schedule answers; default 0 (retry at once). */
  retryDelay: (attempt: number) => number | undefined;
  webhooks: WebhooksService;
  /** Creates a tenant; returns its id and a SCIM helper. */
  tenant(): Promise<{ tenantId: string; scim: (path: string, init?: { method?: string; body?: unknown }) => Promise<{ status: number; body: any }> }>;
  /** Runs worker rounds until one finds nothing to create or send (at most `max`); returns the rounds. */
  drain(max?: number): Promise<DeliveryRound[]>;
}

/** Registers the hooks; `options` are added to the webhook options. */
export function useWebhookFixture(options: Partial<WebhookOptions> = {}): WebhookFixture {
  const state = { scheduled: [] as number[], retryDelay: (() => 0) as WebhookFixture['retryDelay'] } as WebhookFixture;
  beforeAll(async () => {
    state.knex = await isolatedTestKnex();
    state.receiver = await startWebhookReceiver();
    state.logs = memoryLogger();
    state.host = await startTestHost({
      knex: state.knex,
      logger: state.logs,
      webhooks: {
        key: TEST_KEY,
        httpAllowedHosts: [state.receiver.host],
        retrySchedule: (attempt) => {
          state.scheduled.push(attempt);
          return state.retryDelay(attempt);
        },
        ...options,
      },
    });
    state.webhooks = state.host.directory.webhooks;
  });
  afterAll(async () => {
    await state.host?.close();
    await state.receiver?.close();
    await state.knex?.destroy();
  });
  state.tenant = async () => {
    const { tenantId, token, baseUrl } = await state.host.createTenant('Webhooks');
    return { tenantId, scim: (path, init = {}) => scimFetch(`${baseUrl}${path}`, token, init) };
  };
  state.drain = async (max = 20) => {
    const rounds: DeliveryRound[] = [];
    for (let i = 0; i < max; i++) {
      const round = await state.webhooks.worker.round();
      rounds.push(round);
      if (round.created === 0 && round.attempted === 0) break;
    }
    return rounds;
  };
  return state;
}

/** A SCIM user body. */
export function userBody(userName: string, active = true): Record<string, unknown> {
  return { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, active };
}

/** A PATCH that sets `active`. */
export function activePatch(active: boolean): Record<string, unknown> {
  return { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'active', value: active }] };
}
