/**
 * The background sender of one directory instance. On each round it fans new changes out into deliveries, claims
 * due deliveries (row locks: instances sharing the database never send one delivery twice at once), sends them
 * concurrently, and records each attempt: success, or the next attempt per the retry schedule, or failed once the
 * delivery's retry window has passed. Rounds run on an interval and when woken; they never run on a SCIM request's
 * path (they poll; a delivery goes out within about `pollIntervalMs` of its change). Stopping aborts attempts in
 * flight (recorded as failed attempts, so they are retried).
 */
import type { Knex } from 'knex';
import type { ScimLogger } from '../logger.js';
import { claimDueDeliveries, pruneCompletedDeliveries, recordAttempt, tenantsWithDueDeliveries, type ClaimedDeliveryRow } from '../store/webhook-deliveries-store.js';
import { fanOutChanges } from './fan-out.js';
import { secretContext, type SecretBox } from './secret-box.js';
import type { ResolvedWebhookOptions } from './webhook-options.js';
import { messageIdOf } from './webhook-payload.js';
import { sendWebhook, type SendResult } from './webhook-sender.js';

/** What one round did. */
export interface DeliveryRound {
  /** Deliveries created from new changes. */
  readonly created: number;
  /** Attempts made (successful or not). */
  readonly attempted: number;
  /** Attempts that succeeded. */
  readonly succeeded: number;
}

const FAN_OUT_BATCH = 500;
/** Fan-out batches per round, so a long backlog does not hold sending back. */
const FAN_OUT_BATCHES_PER_ROUND = 10;
/** Margin of a claim's lease beyond the attempt's timeout. */
const LEASE_MARGIN_MS = 30_000;
/** How often an instance prunes the delivery log. */
const PRUNE_INTERVAL_MS = 60 * 60_000;

/** Sends webhook deliveries. */
export class DeliveryWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private again = false;
  private aborter = new AbortController();
  private warnedNoKey = false;
  private lastPruned = 0;

  constructor(
    private readonly knex: Knex,
    private readonly box: SecretBox | undefined,
    private readonly options: ResolvedWebhookOptions,
    private readonly logger: ScimLogger,
  ) {}

  /** True while started. */
  get started(): boolean {
    return this.timer !== undefined;
  }

  /** Starts rounds every `pollIntervalMs` (the timer does not keep the process alive). Idempotent. */
  start(): void {
    if (this.timer) return;
    if (this.aborter.signal.aborted) this.aborter = new AbortController();
    this.timer = setInterval(() => this.wake(), this.options.pollIntervalMs);
    this.timer.unref();
    this.wake();
  }

  /** Runs a round soon; wake-ups during a round fold into one more round after it. Only while started. */
  wake(): void {
    if (!this.timer) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.round()
      .catch((error: unknown) => this.logger.warn('webhooks: a delivery round failed', { error: String(error) }))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Stops the rounds, aborts attempts in flight and waits for the round in progress to record them. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.aborter.abort();
    await this.running;
  }

  /** Deletes succeeded and failed deliveries older than `logRetentionMs` (rounds do it hourly); returns how many. */
  async pruneLog(): Promise<number> {
    this.lastPruned = Date.now();
    const deleted = await pruneCompletedDeliveries(this.knex, this.options.logRetentionMs);
    if (deleted > 0) this.logger.info('webhooks: delivery log pruned', { deleted });
    return deleted;
  }

  /** One round: fan out, claim one batch of due deliveries, send them, record the outcomes; prune hourly. */
  async round(): Promise<DeliveryRound> {
    if (Date.now() - this.lastPruned >= PRUNE_INTERVAL_MS) await this.pruneLog();
    if (!this.box) {
      // No endpoint can be made without a key, so there is nothing to do; the fan-out position stays where it is
      // and catches up once a key is set. Endpoints made under a key since removed: say so once.
      if (!this.warnedNoKey && (await tenantsWithDueDeliveries(this.knex, 1)).length > 0) {
        this.warnedNoKey = true;
        this.logger.warn('webhooks: deliveries are due but no key is set (SCIM_WEBHOOK_KEY), so they wait unsent');
      }
      return { created: 0, attempted: 0, succeeded: 0 };
    }
    let created = 0;
    for (let batch = 0; batch < FAN_OUT_BATCHES_PER_ROUND; batch++) {
      const result = await fanOutChanges(this.knex, FAN_OUT_BATCH, this.options.retryForMs);
      created += result.deliveries;
      if (result.changes < FAN_OUT_BATCH) break;
    }
    const claimed: ClaimedDeliveryRow[] = [];
    for (const tenantId of await tenantsWithDueDeliveries(this.knex, this.options.concurrency)) {
      const room = this.options.concurrency - claimed.length;
      if (room <= 0) break;
      claimed.push(...(await claimDueDeliveries(this.knex, tenantId, room, this.options.timeoutMs + LEASE_MARGIN_MS)));
    }
    const outcomes = await Promise.all(claimed.map((delivery) => this.attempt(delivery)));
    const succeeded = outcomes.filter(Boolean).length;
    if (claimed.length === this.options.concurrency) this.again = true;
    return { created, attempted: claimed.length, succeeded };
  }

  private async attempt(delivery: ClaimedDeliveryRow): Promise<boolean> {
    const result = await this.send(delivery);
    const retryInMs = result.ok ? undefined : this.options.retrySchedule(delivery.attempts);
    await recordAttempt(this.knex, delivery.tenant_id, delivery.delivery_id, delivery.attempts, {
      status: result.status,
      ...(result.ok ? {} : { error: result.error ?? 'failed', ...(retryInMs !== undefined ? { retryInMs } : {}) }),
    });
    if (!result.ok) {
      this.logger.warn('webhooks: a delivery attempt failed', {
        tenantId: delivery.tenant_id,
        endpointId: delivery.endpoint_id,
        deliveryId: delivery.delivery_id,
        attempt: delivery.attempts,
        status: result.status,
        error: result.error,
      });
    }
    return result.ok;
  }

  private async send(delivery: ClaimedDeliveryRow): Promise<SendResult> {
    let secret: string;
    try {
      secret = (this.box as SecretBox).open(delivery.secret_encrypted, secretContext(delivery.tenant_id, delivery.endpoint_id));
    } catch {
      return { ok: false, status: null, error: 'the endpoint secret does not decrypt with the configured key (SCIM_WEBHOOK_KEY changed?)' };
    }
    const body = JSON.stringify(delivery.payload);
    return sendWebhook({ url: delivery.url, secret, messageId: messageIdOf(delivery.delivery_id), body }, this.options.timeoutMs, this.aborter.signal);
  }
}
