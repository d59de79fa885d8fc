/**
 * The fault-tolerance settings: the directory option `statementTimeoutMs` and the standalone server's
 * SCIM_STATEMENT_TIMEOUT_MS and SCIM_SHUTDOWN_TIMEOUT_MS.
 */
import knexFactory from 'knex';
import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../../../lib/options.js';
import { readServerConfig } from '../../../lib/server/server-config.js';

const knex = knexFactory({ client: 'pg', connection: 'postgres://nobody@127.0.0.1:1/none' });

describe('statementTimeoutMs', () => {
  it('defaults to 5000, takes 0 (off) and integers, refuses anything else naming the option', () => {
    expect(resolveOptions({ knex }).statementTimeoutMs).toBe(5000);
    expect(resolveOptions({ knex, statementTimeoutMs: 0 }).statementTimeoutMs).toBe(0);
    expect(resolveOptions({ knex, statementTimeoutMs: 250 }).statementTimeoutMs).toBe(250);
    for (const bad of [-1, 1.5, '5000']) expect(() => resolveOptions({ knex, statementTimeoutMs: bad })).toThrow(/"statementTimeoutMs"/);
  });
});

describe('readServerConfig: timeouts', () => {
  it('reads SCIM_STATEMENT_TIMEOUT_MS (unset: the option default) and SCIM_SHUTDOWN_TIMEOUT_MS (default 10 s)', () => {
    expect(readServerConfig({})).toMatchObject({ statementTimeoutMs: undefined, shutdownTimeoutMs: 10_000 });
    expect(readServerConfig({ SCIM_STATEMENT_TIMEOUT_MS: '0', SCIM_SHUTDOWN_TIMEOUT_MS: '3000' })).toMatchObject({ statementTimeoutMs: 0, shutdownTimeoutMs: 3000 });
  });

  it.each([
    ['SCIM_STATEMENT_TIMEOUT_MS', '-5'],
    ['SCIM_STATEMENT_TIMEOUT_MS', '2s'],
    ['SCIM_SHUTDOWN_TIMEOUT_MS', '0'],
    ['SCIM_SHUTDOWN_TIMEOUT_MS', 'soon'],
  ])('refuses %s=%j naming the variable', (name, value) => {
    expect(() => readServerConfig({ [name]: value })).toThrow(new RegExp(name));
  });
});
