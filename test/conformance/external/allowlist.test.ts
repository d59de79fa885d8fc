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
  const entry = { request: 'Folder / Request', assertions: ['Status code is 200'], reason: 'because' };

  it('allows only the named assertion of the named request, never a script error', () => {
    const allowlist = readAllowlist(file([entry]));
    expect(allowedBy(allowlist, { request: 'Folder / Request', assertion: 'Status code is 200', message: 'x' })).toEqual(entry);
    expect(allowedBy(allowlist, { request: 'Folder / Request', assertion: 'Body has id', message: 'x' })).toBeUndefined();
    expect(allowedBy(allowlist, { request: 'Other / Request', assertion: 'Status code is 200', message: 'x' })).toBeUndefined();
    expect(allowedBy(allowlist, { request: 'Folder / Request', assertion: undefined, message: 'TypeError' })).toBeUndefined();
  });

  it('refuses entries without a reason', () => {
    expect(() => readAllowlist(file([{ ...entry, reason: ' ' }]))).toThrow(/reason/);
    expect(() => readAllowlist(file({}))).toThrow(/array/);
  });

  it("reads the Microsoft allowlist, every entry with a reason", () => {
    const allowlist = readAllowlist(fileURLToPath(new URL('microsoft-allowlist.json', import.meta.url)));
    expect(allowlist.length).toBeGreaterThan(0);
    for (const item of allowlist) expect(item.reason.length).toBeGreaterThan(40);
  });
});
