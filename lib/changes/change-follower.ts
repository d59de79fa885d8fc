/**
 * Turns the change feed into events for one directory instance. The follower keeps a feed position in memory,
 * starting at "now" when the first handler subscribes, and reads what follows it whenever it is woken: by a commit
 * of this instance, by a notification from another instance (LISTEN/NOTIFY on PostgreSQL), and by a poll on an
 * interval as a safety net (writes that sent no notification, a notification lost while reconnecting). Because
 * events come from the feed, each committed change is delivered once per running instance, in feed order,
 * whichever instance made it; a wake-up that finds nothing costs one indexed read.
 */
import type { Knex } from 'knex';
import type { ScimLogger } from '../logger.js';
import type { FeedChange } from './change-types.js';
import { changesHeldBack, type FeedPosition } from '../store/feed-queries.js';
import { currentPosition, readFeedAfter } from './feed-reader.js';

/** Timing of the follower. */
export interface FollowerTiming {
  /** How often the feed is read without a wake-up, in ms. */
  readonly pollIntervalMs: number;
  /** How soon to look again while a transaction still open holds committed changes back, in ms. */
  readonly heldBackRetryMs: number;
  /** Changes read per statement. */
  readonly batchSize: number;
}

/** Follows the feed and hands what it reads to `deliver`. */
export class ChangeFollower {
  private position: FeedPosition | undefined;
  private started: Promise<void> | undefined;
  private reading: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Knex,
    private readonly deliver: (changes: FeedChange[]) => void,
    private readonly logger: ScimLogger,
    private readonly timing: FollowerTiming,
  ) {}

  /** Takes "now" as the starting position and starts polling; resolves when the position is known. Idempotent. */
  start(): Promise<void> {
    this.started ??= (async () => {
      for (let attempt = 0; !this.stopped; attempt++) {
        try {
          this.position = await currentPosition(this.db);
          break;
        } catch (error) {
          if (attempt === 0) this.logger.warn('change events: reading the feed position failed; retrying', { error: String(error) });
          await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 100 * 2 ** attempt)).unref());
        }
      }
      if (this.stopped) return;
      this.pollTimer = setInterval(() => this.wake(), this.timing.pollIntervalMs);
      this.pollTimer.unref();
    })();
    return this.started;
  }

  /** Reads the feed soon. Wake-ups while a read runs are folded into one more read after it. */
  wake(): void {
    if (this.stopped || this.position === undefined) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.readAll()
      .catch((error: unknown) => this.logger.warn('change events: reading the feed failed', { error: String(error) }))
      .finally(() => {
        this.reading = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Waits until the reads started so far have finished (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.reading) await this.reading;
  }

  /** Stops polling; events already read are still delivered. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.started;
    await this.idle();
  }

  private async readAll(): Promise<void> {
    for (;;) {
      const position = this.position;
      if (position === undefined || this.stopped) return;
      const changes = await readFeedAfter(this.db, position, this.timing.batchSize);
      const last = changes[changes.length - 1];
      if (last) {
        const [txid = '0', seq = '0'] = last.cursor.split('-');
        this.position = { txid, seq };
        this.deliver(changes);
      }
      if (changes.length < this.timing.batchSize) break;
    }
    if (this.position && !this.retryTimer && (await changesHeldBack(this.db, this.position))) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        this.wake();
      }, this.timing.heldBackRetryMs);
      this.retryTimer.unref();
    }
  }
}
