/**
 * The PostgreSQL wake-up channel between instances sharing one database: after a commit an instance sends
 * `NOTIFY scim_changes`, and every instance LISTENs on one dedicated connection of its own and reads the feed when
 * woken. The payload is only the sender's instance id (so an instance ignores its own echo); readers fetch the
 * changes themselves from the feed, so a notification never has to carry or be trusted for data.
 *
 * The NOTIFY is sent after the commit, by itself, and at most once per `minIntervalMs` per instance, instead of
 * inside each write transaction: PostgreSQL serialises the commits of all notifying transactions on one lock held
 * through the commit's WAL flush, so notifying in every write would make concurrent writers wait for each other.
 * The SQL and the dedicated connection are in store/change-notifications.ts.
 */
import type { Knex } from 'knex';
import type { ScimLogger } from '../logger.js';
import {
  closeListenConnection,
  notifyChanges,
  openListenConnection,
  pingListenConnection,
  type ListenConnection,
} from '../store/change-notifications.js';

/** Sends coalesced wake-ups. */
export class ChangeNotifier {
  private lastSent = 0;
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly knex: Knex,
    private readonly instanceId: string,
    private readonly logger: ScimLogger,
    private readonly minIntervalMs = 20,
  ) {}

  /** A write committed: notify the other instances soon. */
  poke(): void {
    if (this.closed || this.timer) return;
    const wait = Math.max(0, this.lastSent + this.minIntervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.lastSent = Date.now();
      const send = notifyChanges(this.knex, this.instanceId).catch((error: unknown) => this.logger.warn('change events: NOTIFY failed', { error: String(error) }));
      this.sending = send;
      void send.finally(() => {
        if (this.sending === send) this.sending = undefined;
      });
    }, wait);
  }

  /** Sends a pending wake-up now and stops. */
  async close(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.lastSent = 0;
      await notifyChanges(this.knex, this.instanceId).catch(() => undefined);
    }
    this.closed = true;
    await this.sending;
  }
}

/** Callbacks of the listener. */
export interface ListenerEvents {
  /** Another instance committed a change. */
  readonly onNotify: () => void;
  /** The connection is (re)established: notifications may have been missed, read the feed. */
  readonly onConnected: () => void;
}

/**
 * LISTENs on a dedicated connection (not from the pool, so it never occupies a pool slot), reconnecting with
 * backoff (100 ms doubling to 5 s) when it is lost, and checking it every `heartbeatMs` so a silently dropped
 * connection is noticed.
 */
export class ChangeListener {
  private connection: ListenConnection | undefined;
  private stopped = false;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private firstAttempt: Promise<void> | undefined;
  private connecting: Promise<void> | undefined;

  constructor(
    private readonly knex: Knex,
    private readonly instanceId: string,
    private readonly events: ListenerEvents,
    private readonly logger: ScimLogger,
    private readonly heartbeatMs = 30_000,
  ) {}

  /** Connects; resolves after the first attempt, successful or not (a failed one keeps retrying). */
  start(): Promise<void> {
    this.firstAttempt ??= this.attemptConnect();
    return this.firstAttempt;
  }

  /** True while the LISTEN connection is up. */
  get connected(): boolean {
    return this.connection !== undefined;
  }

  /** Closes the connection and stops reconnecting. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.connecting;
    await this.drop();
  }

  private attemptConnect(): Promise<void> {
    const attempt = this.connect();
    this.connecting = attempt;
    return attempt;
  }

  private async connect(): Promise<void> {
    try {
      const connection = await openListenConnection(this.knex, {
        onNotify: (payload) => {
          if (payload !== this.instanceId) this.events.onNotify();
        },
        onLost: (lost, reason) => this.lost(lost, reason),
      });
      if (this.stopped) {
        await closeListenConnection(this.knex, connection);
        return;
      }
      this.connection = connection;
      if (this.attempt > 0) this.logger.info('change events: LISTEN connection restored', { attempts: this.attempt });
      this.attempt = 0;
      this.heartbeat ??= setInterval(() => void this.check(), this.heartbeatMs).unref();
      this.events.onConnected();
    } catch (error) {
      if (this.stopped) return;
      this.logger.warn('change events: LISTEN connection failed; retrying', { error: String(error), attempt: this.attempt });
      this.scheduleReconnect();
    }
  }

  private async check(): Promise<void> {
    const connection = this.connection;
    if (!connection) return;
    try {
      await pingListenConnection(connection);
    } catch (error) {
      this.lost(connection, error);
    }
  }

  private lost(connection: ListenConnection, reason: unknown): void {
    if (this.connection !== connection) return;
    this.connection = undefined;
    if (this.stopped) return;
    this.logger.warn('change events: LISTEN connection lost; reconnecting', { error: String(reason) });
    void closeListenConnection(this.knex, connection);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    const delay = Math.min(5000, 100 * 2 ** this.attempt++);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.attemptConnect();
    }, delay);
    this.reconnectTimer.unref();
  }

  private async drop(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    if (connection) await closeListenConnection(this.knex, connection);
  }
}
