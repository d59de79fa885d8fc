/**
 * The standalone server's heap growth (lib/server/heap-growth.ts): set unless the node command line sets it, and
 * effective when set at run time (V8 reads it at each full collection), which a Node upgrade could change silently.
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

  it('makes V8 collect the old generation more often when set at run time', () => {
    // A fixed workload (no clock): 25 MB stays live while short-lived batches are promoted and die, as under load.
    const script = `
      import { PerformanceObserver, constants } from 'node:perf_hooks';
      const { applyStandaloneHeapGrowth } = await import(${JSON.stringify(pathToFileURL(join(repoRoot, 'dist', 'lib', 'server', 'heap-growth.js')).href)});
      if (process.env.HEAP_GROWTH_TEST === 'apply') applyStandaloneHeapGrowth();
      let major = 0;
      new PerformanceObserver((list) => { for (const e of list.getEntries()) if (e.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) major++; }).observe({ entryTypes: ['gc'] });
      const live = []; for (let i = 0; i < 600000; i++) live.push({ i, s: 'x'.repeat(40) + i });
      let batch = [];
      for (let round = 0; round < 3000; round++) {
        for (let k = 0; k < 2000; k++) batch.push({ a: new Array(16).fill(k), b: 'y' + k });
        if (batch.length > 20000) batch = batch.slice(10000);
        if (round % 50 === 0) await new Promise((r) => setImmediate(r));
      }
      await new Promise((r) => setTimeout(r, 50));
      process.stdout.write(String(major));
    `;
    const run = (mode: string, nodeArgs: string[] = []): number => {
      const child = spawnSync(process.execPath, [...nodeArgs, '--input-type=module', '-e', script], {
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, HEAP_GROWTH_TEST: mode },
      });
      expect(child.status, child.stderr).toBe(0);
      return Number(child.stdout);
    };
    const defaults = run('default');
    const applied = run('apply');
    const onCommandLine = run('default', [`--heap-growing-percent=${STANDALONE_HEAP_GROWING_PERCENT}`]);
    expect(defaults).toBeGreaterThan(0);
    // Set at run time it acts as on the command line, and more often than V8's own growth.
    expect(onCommandLine).toBeGreaterThan(defaults);
    expect(applied).toBeGreaterThan(defaults);
    expect(Math.abs(applied - onCommandLine)).toBeLessThanOrEqual(Math.max(2, onCommandLine * 0.25));
    process.stdout.write(`major collections: V8 default ${defaults}, run-time flag ${applied}, command-line flag ${onCommandLine}\n`);
  }, 120_000);
});
