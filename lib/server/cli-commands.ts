/**
 * The commands of the `scim-directory` CLI. Output for people by default; `--json` prints exactly one JSON object
 * (or array for lists) for scripts.
 */
import { parseArgs } from 'node:util';
import type { ScimLogger } from '../logger.js';
import type { CredentialInfo } from '../tenants/types.js';
import { cliActor } from './cli-actor.js';
import { CLIENTS_USAGE, runClientsCommand } from './cli-clients.js';
import { runTrustsCommand, TRUSTS_USAGE } from './cli-trusts.js';
import { parseDuration } from './duration.js';
import { openDirectory, type OpenDirectory } from './open-directory.js';
import { externalBaseUrl, readServerConfig, tenantScimUrl } from './server-config.js';
import { applyStandaloneHeapGrowth } from './heap-growth.js';
import { serve } from './serve.js';
import { migrateAndDistribute } from './distribute-command.js';
import { runSchemasCommand } from './cli-schemas.js';
import { ROLES_USAGE, runRolesCommand } from './cli-roles.js';

const USAGE = `Usage: scim-directory <command>

  serve                                     migrate, then serve SCIM at /scim and the admin UI at /admin
  migrate [--distribute] [--json]           run the database migrations and exit; --distribute then distributes
                                            the tables by tenant on Citus (docs/scaling.md), or, without the
                                            citus extension, prints what it would run and exits with 1
  tenants create --name NAME [--json]       create a tenant; prints its SCIM URL and first token once
  tenants list [--json]
  tokens issue TENANT [--name NAME] [--expires-in DURATION] [--json]
  tokens rotate TENANT CREDENTIAL-ID [--expire-old-after DURATION] [--json]
                                            issue a new token with that token's name; the old one stays valid
                                            until revoked or DURATION; no other token changes
  tokens list TENANT [--json]               name, kind, state, created, expiry and last use of each token
  tokens revoke TENANT CREDENTIAL-ID
${CLIENTS_USAGE}
${TRUSTS_USAGE}
  schemas add TENANT --file SCHEMA.json [--force]
                                            define or replace an extension schema (RFC 7643 §7 form with
                                            "resourceType"); --force confirms dropping values resources hold
  schemas list TENANT [--json]
  schemas remove TENANT URN [--force]
${ROLES_USAGE}

The database: DATABASE_URL (PostgreSQL) when set, else the embedded one in SCIM_DATA_DIR (default ./data).
Durations: 90s, 30m, 24h, 7d.`;

const quietLogger: ScimLogger = {
  error: (message, meta) => process.stderr.write(`${message} ${meta ? JSON.stringify(meta) : ''}\n`),
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
};

type Print = (text: string) => void;

function credentialLine(c: CredentialInfo): string {
  const state = c.revokedAt ? 'revoked' : c.active ? 'active' : 'expired';
  const when = (d: Date | null): string => (d ? d.toISOString() : '-');
  return `${c.id}  ${JSON.stringify(c.name)}  ${c.kind}  ${c.prefix}…  ${state.padEnd(7)}  created ${when(c.createdAt)}  expires ${when(c.expiresAt)}  last used ${when(c.lastUsedAt)}`;
}

async function withDirectory<T>(work: (opened: OpenDirectory, baseUrl: string) => Promise<T>): Promise<T> {
  const config = readServerConfig();
  const opened = await openDirectory(config, quietLogger);
  try {
    return await work(opened, externalBaseUrl(config));
  } finally {
    await opened.close();
  }
}

function fail(message: string): never {
  throw new Error(`${message}\n\n${USAGE}`);
}

/** Runs one CLI invocation; resolves to the exit code (undefined: keep running, as `serve` does). */
export async function runCli(argv: readonly string[], print: Print = (t) => process.stdout.write(`${t}\n`)): Promise<number | undefined> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      json: { type: 'boolean', default: false },
      distribute: { type: 'boolean', default: false },
      'expires-in': { type: 'string' },
      'expire-old-after': { type: 'string' },
      issuer: { type: 'string' },
      subject: { type: 'string' },
      audience: { type: 'string' },
      'jwks-url': { type: 'string' },
      'jwks-file': { type: 'string' },
      'tenant-claim': { type: 'string' },
      algorithm: { type: 'string' },
      file: { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [group, action, ...rest] = positionals;
  const json = values.json === true;
  if (values.help || !group) {
    print(USAGE);
    return group || values.help ? 0 : 2;
  }
  if (group === 'serve') {
    // Signals are handled from the start: one that arrives while the server is still starting stops it once it is up
    // (releasing the embedded database's lock), instead of killing the process half-way.
    applyStandaloneHeapGrowth();
    const starting = serve();
    const shutdown = (): void => {
      starting
        .then((running) => {
          // The bound holds even if draining or flushing hangs (a database that does not answer).
          setTimeout(() => process.exit(1), running.shutdownTimeoutMs).unref();
          return running.stop();
        })
        .then(
          () => process.exit(0),
          () => process.exit(1),
        );
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
    await starting;
    return undefined;
  }
  if (group === 'migrate' && values.distribute) return withDirectory(({ directory }) => migrateAndDistribute(directory, json, print));
  if (group === 'migrate') {
    await withDirectory(async () => undefined);
    print(json ? JSON.stringify({ migrated: true }) : 'Migrations are up to date.');
    return 0;
  }
  if (group === 'tenants' && action === 'create') {
    if (!values.name?.trim()) fail('tenants create needs --name NAME.');
    const name = values.name;
    return withDirectory(async ({ directory }, baseUrl) => {
      const { tenant, credential } = await directory.tenants.create(name, cliActor());
      const scimUrl = tenantScimUrl(baseUrl, tenant.id);
      if (json) print(JSON.stringify({ id: tenant.id, name: tenant.name, scimUrl, token: credential.token }));
      else print(`Created tenant ${tenant.id} "${tenant.name}".\n  SCIM URL: ${scimUrl}\n  Token:    ${credential.token}\n  (The token is shown only this once.)`);
      return 0;
    });
  }
  if (group === 'tenants' && action === 'list') {
    return withDirectory(async ({ directory }, baseUrl) => {
      const tenants = await directory.tenants.list();
      if (json) {
        print(JSON.stringify(tenants.map((t) => ({ id: t.id, name: t.name, enabled: t.enabled, createdAt: t.createdAt.toISOString(), scimUrl: tenantScimUrl(baseUrl, t.id) }))));
      } else if (tenants.length === 0) {
        print('No tenants yet. Create one with: scim-directory tenants create --name NAME');
      } else {
        for (const t of tenants) print(`${t.id}  ${t.enabled ? 'enabled ' : 'disabled'}  ${t.name}  ${tenantScimUrl(baseUrl, t.id)}`);
      }
      return 0;
    });
  }
  if (group === 'tokens' && (action === 'issue' || action === 'rotate')) {
    const tenantId = rest[0] ?? fail(`tokens ${action} needs a TENANT id.`);
    const credentialId = action === 'rotate' ? (rest[1] ?? fail('tokens rotate needs TENANT and CREDENTIAL-ID (see tokens list).')) : '';
    const expiresIn = values['expires-in'] !== undefined ? parseDuration(values['expires-in']) : undefined;
    const expireOld = values['expire-old-after'] !== undefined ? parseDuration(values['expire-old-after']) : undefined;
    return withDirectory(async ({ directory }) => {
      const issued =
        action === 'issue'
          ? await directory.tenants.issue(tenantId, {
              ...cliActor(),
              ...(values.name !== undefined ? { name: values.name } : {}),
              ...(expiresIn !== undefined ? { expiresAt: new Date(Date.now() + expiresIn) } : {}),
            })
          : await directory.tenants.rotate(tenantId, credentialId, { ...cliActor(), ...(expireOld !== undefined ? { expireOldAfterMs: expireOld } : {}) });
      if (!issued) fail(action === 'issue' ? `No tenant "${tenantId}".` : `No token "${credentialId}" for tenant "${tenantId}".`);
      const c = issued.credential;
      if (json) print(JSON.stringify({ id: c.id, name: c.name, kind: c.kind, token: issued.token, expiresAt: c.expiresAt?.toISOString() ?? null }));
      else print(`Issued credential ${c.id} "${c.name}".\n  Token: ${issued.token}\n  (The token is shown only this once.)`);
      return 0;
    });
  }
  if (group === 'tokens' && action === 'list') {
    const tenantId = rest[0] ?? fail('tokens list needs a TENANT id.');
    return withDirectory(async ({ directory }) => {
      if (!(await directory.tenants.get(tenantId))) fail(`No tenant "${tenantId}".`);
      const credentials = await directory.tenants.listCredentials(tenantId);
      if (json) print(JSON.stringify(credentials));
      else for (const c of credentials) print(credentialLine(c));
      return 0;
    });
  }
  if (group === 'tokens' && action === 'revoke') {
    const tenantId = rest[0] ?? fail('tokens revoke needs TENANT and CREDENTIAL-ID.');
    const credentialId = rest[1] ?? fail('tokens revoke needs TENANT and CREDENTIAL-ID.');
    return withDirectory(async ({ directory }) => {
      if (!(await directory.tenants.revoke(tenantId, credentialId, cliActor()))) fail(`No credential "${credentialId}" for tenant "${tenantId}".`);
      print(json ? JSON.stringify({ id: credentialId, revoked: true }) : `Revoked credential ${credentialId}.`);
      return 0;
    });
  }
  if (group === 'clients') {
    const expireOld = values['expire-old-after'] !== undefined ? parseDuration(values['expire-old-after']) : undefined;
    return runClientsCommand({ action, args: rest, name: values.name, expireOldAfterMs: expireOld, json, print, fail, withDirectory });
  }
  if (group === 'trusts') return runTrustsCommand({ action, args: rest, values, json, print, fail, withDirectory });
  if (group === 'schemas') {
    const flags = { file: values.file, force: values.force === true, json };
    return runSchemasCommand(action, rest, flags, print, (work) => withDirectory(({ directory }) => work(directory)), fail);
  }
  if (group === 'roles') return runRolesCommand({ action, args: rest, json, print, fail, withDirectory: (work) => withDirectory(({ directory }) => work(directory)) });
  fail(`Unknown command "${positionals.join(' ')}".`);
}
