/**
 * Summarises a V8 CPU profile (`.cpuprofile`, as `--server-cpu-prof` writes) by self time: the top functions and
 * the share per package or source folder, which says where a figure's time goes.
 * Usage: `node --import tsx bench/profile-summary.ts <file.cpuprofile> [top]`.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Self time per function and per area, in ms. */
export interface ProfileSummary {
  readonly totalMs: number;
  readonly functions: readonly { readonly name: string; readonly ms: number }[];
  readonly areas: readonly { readonly name: string; readonly ms: number }[];
}

/** The area a script URL belongs to: an npm package, a folder of lib/, node internals, or V8's own entries. */
export function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  const lib = /\/dist\/lib\/([^/]+)\//.exec(url)?.[1] ?? /\/lib\/([^/]+)\//.exec(url)?.[1];
  if (lib) return `lib/${lib}`;
  if (url.startsWith('node:')) return url.split('/')[0] ?? url;
  return url;
}

/** Sums self time per function and area. */
export function summariseProfile(profile: CpuProfile, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const fn = new Map<string, number>();
  const area = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(id);
    if (!node) return;
    total += ms;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${lineNumber + 1}` : ''}`.trim();
    fn.set(name, (fn.get(name) ?? 0) + ms);
    const a = areaOf(url, functionName);
    area.set(a, (area.get(a) ?? 0) + ms);
  });
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, ms]) => ({ name, ms }));
  return { totalMs: total, functions: sorted(fn), areas: sorted(area) };
}

function main(): void {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('Usage: node --import tsx bench/profile-summary.ts <file.cpuprofile> [top]\n');
    process.exitCode = 2;
    return;
  }
  const summary = summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, top ? Number(top) : 25);
  const pct = (ms: number): string => `${((100 * ms) / summary.totalMs).toFixed(1).padStart(5)}%`;
  process.stdout.write(`total ${(summary.totalMs / 1000).toFixed(1)} s sampled\n\nby area (self time):\n`);
  for (const a of summary.areas) process.stdout.write(`  ${pct(a.ms)}  ${a.name}\n`);
  process.stdout.write('\nby function (self time):\n');
  for (const f of summary.functions) process.stdout.write(`  ${pct(f.ms)}  ${f.name}\n`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) main();
