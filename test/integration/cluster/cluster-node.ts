/**
 * One node of the several-instances test: the standalone server exactly as `scim-directory serve` starts it
 * (`serve()` with the environment's configuration: DATABASE_URL, PORT, …), plus a subscriber to every change
 * event that prints what this node hears as `EVENT <json>` lines — the part a host application would add.
 * Prints `READY <port>` once it serves and hears events. SIGTERM stops it cleanly.
 *
 * Run: `node --import tsx test/integration/cluster/cluster-node.ts` with the server's environment.
 */
import { serve } from '../../../lib/server/serve.js';
import { readServerConfig } from '../../../lib/server/server-config.js';

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const running = await serve(readServerConfig(), print);
const { directory } = running.opened;
directory.on('*', (change) => {
  print(`EVENT ${JSON.stringify({ type: change.type, tenantId: change.tenantId, resourceId: change.resourceId, seq: change.seq, data: change.data, heardAt: Date.now() })}`);
});
await directory.eventsReady();
print(`READY ${running.port}`);

let stopping = false;
process.on('SIGTERM', () => {
  if (stopping) return;
  stopping = true;
  running.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`stop failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
});
