/**
 * The standalone server's heap growth (lib/server/heap-growth.ts): set unless the node command line sets it, and
 * effective when set at run time (V8 reads it at each full collection), which a Node upgrade could change silently.
 * Checked through V8's trace of the limit it sets, not by counting collections (which depends on the machine's load).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyStandaloneHeapGrowth, STANDALONE_HEAP_GROWING_PERCENT } from '../../../lib/server/heap-growth.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('applyStandaloneHeapGrowth', () => {
  it('sets the growing percent when the command line does not', () => {
    const set: string[] = [];
    expect(applyStandaloneHeapGrowth(['--enable-source-maps'], (f) => set.push(f))).toBe(`--heap-growing-percent=${STANDALONE_HEAP_GROWING_PERCENT}`);
    expect(set).toEqual([`--heap-growing-percent=${STANDALONE_HEAP_GROWING_PERCENT}`]);
  });

  it.each([['--heap-growing-percent=0'], ['--heap-growing-percent=300'], ['--heap_growing_percent=50']])('leaves %s from the command line alone', (arg) => {
    const set: string[] = [];
    expect(applyStandaloneHeapGrowth(['--trace-gc', arg], (f) => set.push(f))).toBeUndefined();
    expect(set).toEqual([]);
  });

  // What V8 does with the flag, read from its own trace: after a full collection V8 prints the factor it grew the
  // old generation's limit by ("[HeapController] Limit: old size: …, new limit: … (2.5)"). With the flag set that
  // factor is 1 + percent / 100 whatever the machine's load, where V8's own heuristics would compute one from GC speed.
  const limitFactor = (nodeArgs: string[]): { flag: string | null; factor: number } => {
    const script = `
      const { applyStandaloneHeapGrowth } = await import(${JSON.stringify(pathToFileURL(join(repoRoot, 'dist', 'lib', 'server', 'heap-growth.js')).href)});
      const flag = applyStandaloneHeapGrowth() ?? null;
      globalThis.gc();
      process.stdout.write('\\nFLAG ' + JSON.stringify(flag) + '\\n');
    `;
    const child = spawnSync(process.execPath, [...nodeArgs, '--expose-gc', '--trace-gc-verbose', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.status, child.stderr).toBe(0);
    const factors = [...child.stdout.matchAll(/\[HeapController\] Limit: .*\(([\d.]+)\)/g)].map((m) => Number(m[1]));
    expect(factors.length, `no "[HeapController] Limit" line in V8's trace:\n${child.stdout.slice(0, 2000)}`).toBeGreaterThan(0);
    const flag = /^FLAG (.*)$/m.exec(child.stdout)?.[1];
    return { flag: JSON.parse(flag ?? 'null') as string | null, factor: factors[factors.length - 1]! };
  };

  it('takes effect when set at run time: the next full collection grows the limit by 2.5', () => {
    expect(STANDALONE_HEAP_GROWING_PERCENT).toBe(150);
    expect(limitFactor([])).toEqual({ flag: `--heap-growing-percent=${STANDALONE_HEAP_GROWING_PERCENT}`, factor: 2.5 });
  });

  it('leaves a value from the node command line in force', () => {
    expect(limitFactor(['--heap-growing-percent=300'])).toEqual({ flag: null, factor: 4 });
  });
});
