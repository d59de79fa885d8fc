/**
 * The `trusts` commands of the CLI: a tenant's workload identity federation trusts (RFC 7523 client assertions
 * from an issuer, verified with its published or pasted keys; no shared secret).
 */
import { readFileSync } from 'node:fs';
import type { FederatedTrustsService, TrustInfo } from '../tenants/federated-trusts-service.js';
import { cliActor } from './cli-actor.js';
import type { OpenDirectory } from './open-directory.js';
import { tenantTokenEndpoint } from './server-config.js';

/** The usage lines of the `trusts` commands. */
export const TRUSTS_USAGE = `  trusts create TENANT --name NAME --issuer URL --subject S --audience A (--jwks-url URL | --jwks-file F)
               [--tenant-claim TID] [--algorithm RS256] [--json]
                                            trust an issuer's signed client assertions (JWKS hosts:
                                            SCIM_JWKS_ALLOWED_HOSTS)
  trusts list TENANT [--json]
  trusts revoke TENANT TRUST-ID             revoke the trust and the access tokens issued through it`;

/** The options a `trusts` command reads. */
export interface TrustsValues {
  readonly name?: string | undefined;
  readonly issuer?: string | undefined;
  readonly subject?: string | undefined;
  readonly audience?: string | undefined;
  readonly 'jwks-url'?: string | undefined;
  readonly 'jwks-file'?: string | undefined;
  readonly 'tenant-claim'?: string | undefined;
  readonly algorithm?: string | undefined;
}

/** What a `trusts` command is given by the CLI. */
export interface TrustsCommand {
  readonly action: string | undefined;
  readonly args: readonly string[];
  readonly values: TrustsValues;
  readonly json: boolean;
  readonly print: (text: string) => void;
  readonly fail: (message: string) => never;
  readonly withDirectory: <T>(work: (opened: OpenDirectory, baseUrl: string) => Promise<T>) => Promise<T>;
}

function trustJson(t: TrustInfo): Record<string, unknown> {
  return {
    id: t.id,
    name: t.name,
    kind: t.kind,
    issuer: t.issuer,
    subject: t.subject,
    audience: t.audience,
    tenantClaim: t.tenantClaim,
    algorithm: t.algorithm,
    jwksUrl: t.jwksUrl,
    active: t.active,
    createdAt: t.createdAt.toISOString(),
    revokedAt: t.revokedAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  };
}

function readJwksFile(path: string, fail: (message: string) => never): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    return fail(`--jwks-file ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function create(trusts: FederatedTrustsService, tenantId: string, command: TrustsCommand): Promise<TrustInfo | undefined> {
  const { values, fail } = command;
  const need = (value: string | undefined, flag: string): string => (value?.trim() ? value : fail(`trusts create needs ${flag}.`));
  if ((values['jwks-url'] === undefined) === (values['jwks-file'] === undefined)) fail('trusts create needs one of --jwks-url URL and --jwks-file F.');
  try {
    return await trusts.create(tenantId, {
      name: need(values.name, '--name NAME'),
      issuer: need(values.issuer, '--issuer URL'),
      subject: need(values.subject, '--subject S'),
      audience: need(values.audience, '--audience A'),
      ...(values['tenant-claim'] ? { tenantClaim: values['tenant-claim'] } : {}),
      ...(values.algorithm ? { algorithm: values.algorithm } : {}),
      ...(values['jwks-url'] !== undefined ? { jwksUrl: values['jwks-url'] } : { jwks: readJwksFile(values['jwks-file'] ?? '', fail) }),
    }, cliActor());
  } catch (error) {
    if (error instanceof TypeError) fail(error.message);
    throw error;
  }
}

/** Runs a `trusts` command; resolves to the exit code. */
export async function runTrustsCommand(command: TrustsCommand): Promise<number> {
  const { action, args, json, print, fail, withDirectory } = command;
  const tenantId = args[0] ?? fail(`trusts ${action ?? ''} needs a TENANT id.`);
  if (action === 'create') {
    return withDirectory(async ({ directory }, baseUrl) => {
      const trust = (await create(directory.trusts, tenantId, command)) ?? fail(`No tenant "${tenantId}".`);
      const tokenEndpoint = tenantTokenEndpoint(baseUrl, tenantId);
      if (json) print(JSON.stringify({ ...trustJson(trust), clientId: trust.id, tokenEndpoint }));
      else print(`Created trust "${trust.name}".\n  Client id:      ${trust.id}\n  Token endpoint: ${tokenEndpoint}\n  Issuer:         ${trust.issuer}\n  Subject:        ${trust.subject}\n  Audience:       ${trust.audience}`);
      return 0;
    });
  }
  if (action === 'list') {
    return withDirectory(async ({ directory }) => {
      if (!(await directory.tenants.get(tenantId))) fail(`No tenant "${tenantId}".`);
      const trusts = await directory.trusts.list(tenantId);
      if (json) print(JSON.stringify(trusts.map(trustJson)));
      else for (const t of trusts) print(`${t.id}  ${JSON.stringify(t.name)}  ${t.kind}  ${t.active ? 'active ' : 'revoked'}  ${t.issuer}  sub ${t.subject}  last used ${t.lastUsedAt?.toISOString() ?? '-'}`);
      return 0;
    });
  }
  if (action === 'revoke') {
    const trustId = args[1] ?? fail('trusts revoke needs TENANT and TRUST-ID.');
    return withDirectory(async ({ directory }) => {
      if (!(await directory.trusts.revoke(tenantId, trustId, cliActor()))) fail(`No trust "${trustId}" for tenant "${tenantId}".`);
      print(json ? JSON.stringify({ id: trustId, revoked: true }) : `Revoked trust ${trustId} and the access tokens issued through it.`);
      return 0;
    });
  }
  return fail(`Unknown command "trusts ${action ?? ''}".`);
}
