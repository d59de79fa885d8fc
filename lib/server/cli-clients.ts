/**
 * The `clients` commands of the CLI: a tenant's OAuth clients (client credentials grant). `create` prints the
 * client's secret once, with the client id and the token endpoint to paste into the identity provider.
 */
import type { OpenDirectory } from './open-directory.js';
import type { OAuthClientInfo } from '../tenants/oauth-clients-service.js';
import { cliActor } from './cli-actor.js';
import { tenantTokenEndpoint } from './server-config.js';

/** The usage lines of the `clients` commands. */
export const CLIENTS_USAGE = `  clients create TENANT --name NAME [--json]
                                            create an OAuth client; prints its id and secret once
  clients list TENANT [--json]              name, kind, state, created, expiry and last use of each client
  clients rotate TENANT CLIENT-ID [--expire-old-after DURATION] [--json]
                                            a new secret; the old ones stay valid until revoked or DURATION
  clients revoke TENANT CLIENT-ID           revoke the client, its secrets and its access tokens`;

/** What a `clients` command is given by the CLI. */
export interface ClientsCommand {
  readonly action: string | undefined;
  readonly args: readonly string[];
  readonly name: string | undefined;
  readonly expireOldAfterMs: number | undefined;
  readonly json: boolean;
  readonly print: (text: string) => void;
  readonly fail: (message: string) => never;
  readonly withDirectory: <T>(work: (opened: OpenDirectory, baseUrl: string) => Promise<T>) => Promise<T>;
}

function clientLine(c: OAuthClientInfo): string {
  const state = c.revokedAt ? 'revoked' : c.active ? 'active' : 'expired';
  const when = (d: Date | null): string => (d ? d.toISOString() : '-');
  return `${c.clientId}  ${JSON.stringify(c.name)}  ${c.kind}  ${state.padEnd(7)}  created ${when(c.createdAt)}  expires ${when(c.expiresAt)}  last used ${when(c.lastUsedAt)}`;
}

function clientJson(c: OAuthClientInfo): Record<string, unknown> {
  return {
    clientId: c.clientId,
    name: c.name,
    kind: c.kind,
    active: c.active,
    createdAt: c.createdAt.toISOString(),
    expiresAt: c.expiresAt?.toISOString() ?? null,
    revokedAt: c.revokedAt?.toISOString() ?? null,
    lastUsedAt: c.lastUsedAt?.toISOString() ?? null,
  };
}

/** Runs a `clients` command; resolves to the exit code. */
export async function runClientsCommand(command: ClientsCommand): Promise<number> {
  const { action, args, json, print, fail, withDirectory } = command;
  const tenantId = args[0] ?? fail(`clients ${action ?? ''} needs a TENANT id.`);
  if (action === 'create') {
    const name = command.name?.trim() || fail('clients create needs --name NAME.');
    return withDirectory(async ({ directory }, baseUrl) => {
      const issued = (await directory.oauthClients.create(tenantId, name, cliActor())) ?? fail(`No tenant "${tenantId}".`);
      const tokenEndpoint = tenantTokenEndpoint(baseUrl, tenantId);
      const { client, clientSecret } = issued;
      if (json) print(JSON.stringify({ id: client.clientId, name: client.name, clientId: client.clientId, clientSecret, tokenEndpoint }));
      else print(`Created OAuth client "${client.name}".\n  Client id:      ${client.clientId}\n  Client secret:  ${clientSecret}\n  Token endpoint: ${tokenEndpoint}\n  (The secret is shown only this once.)`);
      return 0;
    });
  }
  if (action === 'list') {
    return withDirectory(async ({ directory }) => {
      if (!(await directory.tenants.get(tenantId))) fail(`No tenant "${tenantId}".`);
      const clients = await directory.oauthClients.list(tenantId);
      if (json) print(JSON.stringify(clients.map(clientJson)));
      else if (clients.length === 0) print(`No OAuth clients yet. Create one with: scim-directory clients create ${tenantId} --name NAME`);
      else for (const c of clients) print(clientLine(c));
      return 0;
    });
  }
  const clientId = args[1] ?? fail(`clients ${action ?? ''} needs TENANT and CLIENT-ID.`);
  if (action === 'rotate') {
    return withDirectory(async ({ directory }, baseUrl) => {
      const options = { ...cliActor(), ...(command.expireOldAfterMs === undefined ? {} : { expireOldAfterMs: command.expireOldAfterMs }) };
      const issued = (await directory.oauthClients.rotateSecret(tenantId, clientId, options)) ?? fail(`No active OAuth client "${clientId}" for tenant "${tenantId}".`);
      const tokenEndpoint = tenantTokenEndpoint(baseUrl, tenantId);
      if (json) print(JSON.stringify({ id: clientId, name: issued.client.name, clientId, clientSecret: issued.clientSecret, tokenEndpoint }));
      else print(`New secret for OAuth client "${issued.client.name}".\n  Client secret: ${issued.clientSecret}\n  (The secret is shown only this once.)`);
      return 0;
    });
  }
  if (action === 'revoke') {
    return withDirectory(async ({ directory }) => {
      if (!(await directory.oauthClients.revoke(tenantId, clientId, cliActor()))) fail(`No OAuth client "${clientId}" for tenant "${tenantId}".`);
      print(json ? JSON.stringify({ clientId, revoked: true }) : `Revoked OAuth client ${clientId} with its secrets and access tokens.`);
      return 0;
    });
  }
  return fail(`Unknown command "clients ${action ?? ''}".`);
}
