/**
 * Writes a run's JSON to bench/results/<timestamp>.json and bench/results/latest.json (the folder is gitignored).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResults } from '../bench-results.js';

/** Writes both files; returns the timestamped path. */
export function writeResults(resultsDir: string, stamp: string, results: BenchResults): string {
  mkdirSync(resultsDir, { recursive: true });
  const text = `${JSON.stringify(results, null, 2)}\n`;
  const path = join(resultsDir, `${stamp}.json`);
  writeFileSync(path, text);
  writeFileSync(join(resultsDir, 'latest.json'), text);
  return path;
}
