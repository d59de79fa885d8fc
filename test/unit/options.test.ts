import { describe, expect, it } from 'vitest';
import knexFactory from 'knex';
import { resolveOptions } from '../../lib/options.js';
import { resourceBodyBytes } from '../../lib/http/json-body.js';
import { createScimDirectory } from '../../lib/directory.js';

// A knex that is never connected: creating it does no I/O, and neither must createScimDirectory.
const knex = knexFactory({ client: 'pg', connection: 'postgres://nobody@127.0.0.1:1/none' });

describe('options', () => {
  it('fill defaults and are frozen', () => {
    const options = resolveOptions({ knex });
    expect(options).toMatchObject({ bodyLimit: '1mb', resourceBodyLimit: '128kb', bulkConcurrency: 1, verificationCacheMs: 500, defaultPageSize: 100, maxPageSize: 1000, publicUrl: undefined, preparedStatements: true });
    expect(Object.isFrozen(options)).toBe(true);
  });

  it.each([
    [undefined, /must be an object/],
    [{}, /"knex"/],
    [{ knex: {} }, /"knex"/],
    [{ knex, logger: { info() {} } }, /"logger"/],
    [{ knex, publicUrl: 'ftp://x' }, /"publicUrl"/],
    [{ knex, publicUrl: 'not a url' }, /"publicUrl"/],
    [{ knex, bodyLimit: -1 }, /"bodyLimit"/],
    [{ knex, bodyLimit: 'lots' }, /"bodyLimit"/],
    [{ knex, resourceBodyLimit: 0 }, /"resourceBodyLimit"/],
    [{ knex, resourceBodyLimit: '1 big' }, /"resourceBodyLimit"/],
    [{ knex, verificationCacheMs: 1.5 }, /"verificationCacheMs"/],
    [{ knex, bulkConcurrency: 0 }, /"bulkConcurrency"/],
    [{ knex, bulkConcurrency: 1.5 }, /"bulkConcurrency"/],
    [{ knex, bulkConcurrency: '4' }, /"bulkConcurrency"/],
    [{ knex, maxPageSize: 0 }, /"maxPageSize"/],
    [{ knex, defaultPageSize: 500, maxPageSize: 100 }, /"defaultPageSize"/],
    [{ knex, preparedStatements: 'no' }, /"preparedStatements" must be true or false/],
    [{ knex, softDelete: 1 }, /"softDelete" must be true or false/],
  ])('reject %j with a TypeError naming the option', (input, message) => {
    expect(() => resolveOptions(input)).toThrow(TypeError);
    expect(() => resolveOptions(input)).toThrow(message);
  });

  it('limit a request other than Bulk to resourceBodyLimit, or bodyLimit when that is smaller', () => {
    expect(resourceBodyBytes(resolveOptions({ knex }))).toBe(128 * 1024);
    expect(resourceBodyBytes(resolveOptions({ knex, resourceBodyLimit: '512kb' }))).toBe(512 * 1024);
    expect(resourceBodyBytes(resolveOptions({ knex, bodyLimit: 2048 }))).toBe(2048);
  });

  it('take bulkConcurrency as given', () => {
    expect(resolveOptions({ knex, bulkConcurrency: 1 }).bulkConcurrency).toBe(1);
    expect(resolveOptions({ knex, bulkConcurrency: 8 }).bulkConcurrency).toBe(8);
  });

  it('strip a trailing slash from publicUrl', () => {
    expect(resolveOptions({ knex, publicUrl: 'https://x.example.com/scim/' }).publicUrl).toBe('https://x.example.com/scim');
  });

  it('createScimDirectory validates and does no I/O', async () => {
    expect(() => createScimDirectory({ knex, publicUrl: 'nope' } as never)).toThrow(/"publicUrl"/);
    const directory = createScimDirectory({ knex });
    expect(typeof directory.scimRouter).toBe('function');
    expect(typeof directory.adminRouter).toBe('function');
    expect(typeof directory.migrate).toBe('function');
    await knex.destroy();
  });
});
