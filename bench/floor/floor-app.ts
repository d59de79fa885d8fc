/**
 * A floor app, run as its own process: `node --import tsx bench/floor/floor-app.ts <bare|insert|select>`.
 * - bare: Express 5 answering a JSON POST with the body plus an id (no database);
 * - insert: the same, with a single INSERT into `floor_users` through a pg Pool;
 * - select: a GET doing a single indexed SELECT by `user_name_key`.
 * It prints `floor listening on <url>` when ready, and the V8 flag it set at start-up. Pool size 20 matches the standalone server's knex pool.
 *
 * It starts as the standalone server does (`scim-directory serve`): the same V8 heap-growth flag, set the same way
 * at start-up (lib/server/heap-growth.ts), and a plain `http.createServer(app)`, so the ratios compare the SCIM work
 * and nothing else.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pg from 'pg';
import { applyStandaloneHeapGrowth } from '../../lib/server/heap-growth.js';
import { FLOOR_TENANT } from './floor-schema.js';

type Mode = 'bare' | 'insert' | 'select';

function readMode(value: string | undefined): Mode {
  if (value === 'bare' || value === 'insert' || value === 'select') return value;
  throw new Error(`floor-app: mode must be bare, insert or select; got "${value}".`);
}

function text(body: Record<string, unknown>, key: string): string | null {
  const value = body[key];
  return typeof value === 'string' ? value : null;
}

function main(): void {
  const mode = readMode(process.argv[2]);
  const heapFlag = applyStandaloneHeapGrowth() ?? 'none (the node command line sets it)';
  const pool = mode === 'bare' ? undefined : new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ type: ['application/json', 'application/*+json'], limit: '1mb' }));

  app.post('/Users', async (req, res) => {
    const body: Record<string, unknown> = typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};
    const id = randomUUID();
    const doc = { ...body, id };
    if (pool) {
      const userName = text(body, 'userName') ?? id;
      const name = typeof body.name === 'object' && body.name !== null ? (body.name as Record<string, unknown>) : {};
      await pool.query(
        `insert into floor_users (tenant_id, id, user_name, user_name_key, external_id, display_name, given_name, family_name, doc)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [FLOOR_TENANT, id, userName, userName.toLowerCase(), text(body, 'externalId'), text(body, 'displayName'), text(name, 'givenName'), text(name, 'familyName'), doc],
      );
    }
    res.status(201).json(doc);
  });

  app.get('/Users', async (req, res) => {
    if (!pool) {
      res.json({ totalResults: 0, Resources: [] });
      return;
    }
    const userName = typeof req.query.userName === 'string' ? req.query.userName : '';
    const { rows } = await pool.query<{ doc: unknown }>(
      'select doc from floor_users where tenant_id = $1 and user_name_key = $2 and deleted_at is null',
      [FLOOR_TENANT, userName.toLowerCase()],
    );
    res.json({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: rows.length, Resources: rows.map((r) => r.doc) });
  });

  const server = createServer(app).listen(0, '127.0.0.1', () => {
    process.stdout.write(`floor listening on http://127.0.0.1:${(server.address() as AddressInfo).port} (heap growth: ${heapFlag})\n`);
  });
  process.once('SIGINT', () => {
    server.close();
    void pool?.end();
    setTimeout(() => process.exit(0), 200).unref();
  });
}

main();
