/**
 * Runs the example wiki: `node --import tsx examples/host-app/server.ts`. PostgreSQL with DATABASE_URL, else an
 * embedded PGlite in ./data-wiki. Prints a first tenant's SCIM URL and token on an empty database.
 */
import knexFactory, { type Knex } from 'knex';
import { createPgliteKnex } from '../../lib/server/database.js';
import { createHostApp } from './host-app.js';

const knex: Knex = process.env.DATABASE_URL ? knexFactory({ client: 'pg', connection: process.env.DATABASE_URL }) : createPgliteKnex('data-wiki');
const port = Number(process.env.PORT ?? 3000);
const wiki = createHostApp({
  knex,
  allowedEmailDomains: (process.env.WIKI_EMAIL_DOMAINS ?? 'example.com').split(',').map((d) => d.trim()),
  ...(process.env.PUBLIC_URL ? { publicUrl: `${process.env.PUBLIC_URL.replace(/\/+$/, '')}/scim` } : {}),
});
await wiki.start();
const server = wiki.app.listen(port, () => {
  process.stdout.write(`Acme Wiki on http://localhost:${port} — SCIM at /scim/<tenant>/v2, SCIM admin at /admin/scim/\n`);
});
if ((await wiki.scim.tenants.list()).length === 0) {
  const { tenant, credential } = await wiki.scim.tenants.create('Acme');
  process.stdout.write(`First tenant: SCIM URL http://localhost:${port}/scim/${tenant.id}/v2, token ${credential.token} (shown once)\n`);
}
process.on('SIGTERM', () => {
  server.close();
  void wiki.close().then(() => knex.destroy());
});
