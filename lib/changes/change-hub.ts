/**
 * The events side of one directory instance: handlers, the follower that feeds them from the change feed, and on
 * PostgreSQL the LISTEN/NOTIFY wake-ups between instances. Nothing runs until the first handler subscribes; on the
 * embedded PGlite (one process) commits of this instance wake the follower directly and the poll covers the rest.
 *
 * Guarantees (docs/embedding.md): events are notifications — emitted after commit, in feed order, once per
 * running instance that is subscribed; a process that is down hears nothing. The feed is the durable record.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { ScimLogger } from '../logger.js';
import { ChangeEvents } from './change-subscribers.js';
import { ChangeFollower } from './change-follower.js';
import type { ScimEventHandler, ScimEventName } from './change-types.js';
import { ChangeListener, ChangeNotifier } from './notify-channel.js';

/** Options of the events. */
export interface ChangeEventOptions {
  /** How often a subscribed instance reads the feed without a wake-up, in ms. Default 1000. */
  readonly pollIntervalMs: number;
  /** On PostgreSQL, wake other instances with NOTIFY and LISTEN for theirs. Default true. */
  readonly notify: boolean;
}

/** The defaults of {@link ChangeEventOptions}. */
export const DEFAULT_EVENT_OPTIONS: ChangeEventOptions = Object.freeze({ pollIntervalMs: 1000, notify: true });

/** True for a knex on the embedded PGlite (one connection, one process). */
export function isEmbeddedDatabase(knex: Knex): boolean {
  return typeof (knex.client as { pglite?: unknown }).pglite === 'object';
}

/** Events of one directory instance. */
export class ChangeHub {
  private readonly events: ChangeEvents;
  private readonly follower: ChangeFollower;
  private readonly notifier: ChangeNotifier | undefined;
  private readonly listener: ChangeListener | undefined;
  private starting: Promise<void> | undefined;
  private closed = false;

  constructor(knex: Knex, logger: ScimLogger, options: ChangeEventOptions) {
    const instanceId = randomUUID();
    this.events = new ChangeEvents(logger);
    this.follower = new ChangeFollower(knex, (changes) => this.events.emit(changes), logger, {
      pollIntervalMs: options.pollIntervalMs,
      heldBackRetryMs: 25,
      batchSize: 500,
    });
    if (options.notify && !isEmbeddedDatabase(knex)) {
      this.notifier = new ChangeNotifier(knex, instanceId, logger);
      this.listener = new ChangeListener(knex, instanceId, { onNotify: () => this.follower.wake(), onConnected: () => this.follower.wake() }, logger);
    }
  }

  /** Subscribes `handler` to `name` (a change type or `*`); returns the unsubscribe function. Starts following. */
  on<K extends ScimEventName>(name: K, handler: ScimEventHandler<K>): () => void {
    if (this.closed) throw new Error('scim-directory: the directory is closed.');
    const off = this.events.on(name, handler);
    void this.ready();
    return off;
  }

  /** Removes a handler. The follower keeps running until `close()`. */
  off<K extends ScimEventName>(name: K, handler: ScimEventHandler<K>): void {
    this.events.off(name, handler);
  }

  /**
   * Resolves once events flow: the feed position is taken and, on PostgreSQL, the LISTEN connection has been tried.
   * Changes committed after this are delivered.
   */
  ready(): Promise<void> {
    this.starting ??= (async () => {
      await this.follower.start();
      await this.listener?.start();
    })();
    return this.starting;
  }

  /** A transaction of this instance committed: read the feed now and wake the other instances. */
  committed(): void {
    if (this.closed) return;
    this.notifier?.poke();
    if (this.starting) this.follower.wake();
  }

  /** Waits until reads in progress have delivered their events (tests, shutdown). */
  settle(): Promise<void> {
    return this.follower.idle();
  }

  /** Stops following, closes the LISTEN connection and sends a pending NOTIFY. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([this.follower.stop(), this.listener?.stop(), this.notifier?.close()]);
  }
}
