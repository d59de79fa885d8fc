/**
 * PostgreSQL LISTEN/NOTIFY on the channel `scim_changes`, the wake-up between instances sharing one database
 * (lib/changes/notify-channel.ts decides when to send and keeps the listening connection up). LISTEN needs a
 * session of its own that stays open, so it runs on a dedicated connection that knex's client opens outside the
 * pool, as knex itself does to cancel queries; it therefore never occupies a pool slot. The payload is only the
 * sender's instance id: readers fetch the changes from the feed themselves.
 */
import type { Knex } from 'knex';
import type pg from 'pg';

/** The channel name. */
export const CHANGES_CHANNEL = 'scim_changes';

/** A connection of its own for LISTEN, outside the pool. */
export type ListenConnection = pg.Client;

/** The part of knex's client that makes connections outside the pool. */
interface RawConnections {
  acquireRawConnection(): Promise<pg.Client>;
  destroyRawConnection(connection: pg.Client): Promise<void>;
}

function rawConnections(knex: Knex): RawConnections {
  return knex.client as unknown as RawConnections;
}

/** Sends a wake-up carrying `instanceId`, on a pooled connection. */
export async function notifyChanges(knex: Knex, instanceId: string): Promise<void> {
  await knex.raw('select pg_notify(?, ?)', [CHANGES_CHANNEL, instanceId]);
}

/**
 * Opens a dedicated connection and LISTENs on it; `onNotify` gets the payload (the sender's instance id) of each
 * wake-up, `onLost` the reason the connection broke. The connection is closed again if LISTEN fails.
 */
export async function openListenConnection(
  knex: Knex,
  handlers: { readonly onNotify: (payload: string | undefined) => void; readonly onLost: (connection: ListenConnection, reason: unknown) => void },
): Promise<ListenConnection> {
  // A first pooled query resolves the host's connection settings (knex also takes them from a function).
  await knex.raw('select 1');
  const connection = await rawConnections(knex).acquireRawConnection();
  try {
    connection.on('notification', (message) => {
      if (message.channel === CHANGES_CHANNEL) handlers.onNotify(message.payload);
    });
    connection.on('error', (error) => handlers.onLost(connection, error));
    connection.on('end', () => handlers.onLost(connection, 'connection ended'));
    await connection.query(`listen ${CHANGES_CHANNEL}`);
    return connection;
  } catch (error) {
    await closeListenConnection(knex, connection);
    throw error;
  }
}

/** Checks that the connection still answers; throws when it does not. */
export async function pingListenConnection(connection: ListenConnection): Promise<void> {
  await connection.query('select 1');
}

/** Closes a dedicated connection; never throws. */
export async function closeListenConnection(knex: Knex, connection: ListenConnection): Promise<void> {
  await rawConnections(knex).destroyRawConnection(connection).catch(() => undefined);
}
