/**
 * Samples what the server's PostgreSQL sessions are doing during a load (`pg_stat_activity`, twice a second): of
 * the sessions not idle, how many run, how many wait and on what (Lock, LWLock, IO, …), and how many are idle in a
 * transaction (waiting for the server's next statement). Many waiting on Lock means requests queue behind each
 * other's row locks; many idle in transaction means the server, not PostgreSQL, was slow to go on.
 */
import pg from 'pg';

/** Sessions not idle, summed over all samples, by what they were doing ("running" when active and not waiting). */
export interface WaitFigures {
  readonly samples: number;
  readonly activeBy: Readonly<Record<string, number>>;
}

/** Starts sampling the sessions of `databaseUrl`'s database; `stop()` resolves to the sums and the sample count. */
export async function startWaitSampler(databaseUrl: string, intervalMs = 500) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const sums: Record<string, number> = {};
  let samples = 0;
  let busy: Promise<void> = Promise.resolve();
  const sample = async (): Promise<void> => {
    try {
      const { rows } = await client.query<{ what: string; n: string }>(
        `select case when state = 'active' then coalesce(wait_event_type || ':' || wait_event, 'running') else state end as what,
                count(*) as n
           from pg_stat_activity
          where datname = current_database() and state <> 'idle' and pid <> pg_backend_pid() group by 1`,
      );
      samples++;
      for (const row of rows) sums[row.what] = (sums[row.what] ?? 0) + Number(row.n);
    } catch {
      // A missed sample changes nothing.
    }
  };
  const timer = setInterval(() => {
    busy = busy.then(sample);
  }, intervalMs);
  return {
    async stop(): Promise<WaitFigures> {
      clearInterval(timer);
      await busy;
      await client.end();
      return { samples, activeBy: sums };
    },
  };
}
