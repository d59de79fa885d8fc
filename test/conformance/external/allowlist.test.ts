import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { allowedBy, readAllowlist } from './allowlist.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function file(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'allowlist-'));
  dirs.push(dir);
  const path = join(dir, 'allowlist.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}

describe('allowlist', () => {
  const entry = { request: 'Folder / Request', assertions: ['Status code is 204'], status: 200, reason: 'because' };
  const failure = { request: 'Folder / Request', assertion: 'Status code is 204', status: 200, message: 'x' };

  it('allows only the named assertion of the named request answered with the named status', () => {
    const allowlist = readAllowlist(file([entry]));
    expect(allowedBy(allowlist, failure)).toEqual(entry);
    expect(allowedBy(allowlist, { ...failure, assertion: 'Body has id' })).toBeUndefined();
    expect(allowedBy(allowlist, { ...failure, request: 'Other / Request' })).toBeUndefined();
  });

  it('refuses an allowed assertion when the request got another status (a 500 where 200 is expected)', () => {
    const allowlist = readAllowlist(file([entry]));
    expect(allowedBy(allowlist, { ...failure, status: 500 })).toBeUndefined();
    expect(allowedBy(allowlist, { ...failure, status: undefined })).toBeUndefined();
  });

  it('never allows a script error', () => {
    const allowlist = readAllowlist(file([entry]));
    expect(allowedBy(allowlist, { ...failure, assertion: undefined, message: 'TypeError' })).toBeUndefined();
  });

  it('refuses entries without assertions, a status or a reason', () => {
    expect(() => readAllowlist(file([{ ...entry, reason: ' ' }]))).toThrow(/reason/);
    expect(() => readAllowlist(file([{ ...entry, status: undefined }]))).toThrow(/status/);
    expect(() => readAllowlist(file([{ ...entry, status: '200' }]))).toThrow(/status/);
    expect(() => readAllowlist(file([{ ...entry, assertions: [] }]))).toThrow(/assertions/);
    expect(() => readAllowlist(file({}))).toThrow(/array/);
  });

  it('reads the Microsoft allowlist, every entry with a status and a reason', () => {
    const allowlist = readAllowlist(fileURLToPath(new URL('microsoft-allowlist.json', import.meta.url)));
    expect(allowlist.length).toBeGreaterThan(0);
    for (const item of allowlist) expect(item.reason.length).toBeGreaterThan(40);
  });
});
