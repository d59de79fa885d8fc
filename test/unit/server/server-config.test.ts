/**
 * The standalone server's environment: SCIM_BULK_CONCURRENCY becomes the directory option `bulkConcurrency`.
 */
import { describe, expect, it } from 'vitest';
import { readServerConfig } from '../../../lib/server/server-config.js';

describe('readServerConfig: SCIM_BULK_CONCURRENCY', () => {
  it('is undefined when unset or blank, so the directory default applies', () => {
    expect(readServerConfig({}).bulkConcurrency).toBeUndefined();
    expect(readServerConfig({ SCIM_BULK_CONCURRENCY: ' ' }).bulkConcurrency).toBeUndefined();
  });

  it('reads a positive integer', () => {
    expect(readServerConfig({ SCIM_BULK_CONCURRENCY: '1' }).bulkConcurrency).toBe(1);
    expect(readServerConfig({ SCIM_BULK_CONCURRENCY: ' 12 ' }).bulkConcurrency).toBe(12);
  });

  it.each(['0', '-1', '1.5', 'two', '0x10', '1e1'])('refuses %j with a message naming the variable', (value) => {
    expect(() => readServerConfig({ SCIM_BULK_CONCURRENCY: value })).toThrow(/SCIM_BULK_CONCURRENCY must be a positive integer/);
  });
});
