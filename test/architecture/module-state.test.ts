/**
 * No module-level mutable state in lib/ (DESIGN.md §2): caches, memos and options live on the instance that
 * `createScimDirectory` returns, so two directories in one process share nothing. Checked on the source text: no
 * top-level `let` or `var`, and no top-level Map, WeakMap, Set or WeakSet unless typed read-only. A failure lists
 * file, line and text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Modules not yet held to the rule, each with the reason. Shrink this list; never grow it. */
const NOT_YET: Readonly<Record<string, string>> = {
};

const MUTABLE_AT_TOP_LEVEL: readonly RegExp[] = [
  /^(export\s+)?(let|var)\s/,
  /^(export\s+)?const\s+\w+\s*=\s*new\s+(Map|WeakMap|Set|WeakSet)\b/,
  /^(export\s+)?const\s+\w+\s*:\s*(Map|WeakMap|Set|WeakSet)\s*</,
];

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function mutableModuleState(files: readonly string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const name = relative(ROOT, file);
    if (name in NOT_YET) continue;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        if (MUTABLE_AT_TOP_LEVEL.some((pattern) => pattern.test(line))) found.push(`${name}:${index + 1}: ${line.trim()}`);
      });
  }
  return found;
}

describe('module-level state in lib/', () => {
  it('has no top-level let, var or mutable collection', () => {
    expect(mutableModuleState(typeScriptFiles(join(ROOT, 'lib')))).toEqual([]);
  });

  it('would report a top-level memo, a mutable collection and a let, but not a read-only set', () => {
    const lines = ['const memo = new WeakMap<object, string>();', 'export const seen: Set<string> = new Set();', 'let count = 0;', "const OPS: ReadonlySet<string> = new Set(['add']);"];
    expect(lines.filter((line) => MUTABLE_AT_TOP_LEVEL.some((pattern) => pattern.test(line)))).toEqual(lines.slice(0, 3));
  });
});
