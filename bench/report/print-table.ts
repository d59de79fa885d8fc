/**
 * Renders the results as Markdown tables (readable in a terminal and pasteable into bench/README.md): the targets
 * table and a details table with every load run's throughput and latencies.
 */
import type { BenchResults, LoadPhase } from '../bench-results.js';
import type { LoadFigures } from '../results.js';
import type { TargetRow } from './targets.js';

function cell(value: number | string | undefined): string {
  if (value === undefined) return '—';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '—';
  return value.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}

/** A Markdown table from a header and rows of cells. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** The targets table. */
export function formatTargets(rows: readonly TargetRow[]): string {
  return markdownTable(
    ['figure', 'value', 'compared with', 'ratio', 'target', 'verdict'],
    rows.map((r) => [
      cell(r.figure),
      r.value === undefined ? '—' : `${cell(r.value)} ${r.unit}`,
      r.baseLabel ? `${r.baseLabel}${r.base !== undefined ? `: ${cell(r.base)}` : ''}` : '—',
      r.ratio === undefined ? '—' : `${cell(r.ratio)}×`,
      cell(r.target),
      r.note?.startsWith(r.verdict) ? cell(r.note) : [r.verdict === 'info' ? '' : r.verdict, r.note ? cell(r.note) : ''].filter(Boolean).join(' — '),
    ]),
  );
}

/** The details table: every load run of the floor and the server. */
export function formatDetails(results: BenchResults): string {
  const rows: string[][] = [];
  const add = (name: string, load: LoadFigures | undefined, extra = ''): void => {
    if (!load) return;
    rows.push([
      name,
      String(load.ok),
      String(load.failed),
      cell(load.requestsPerSecond),
      cell(load.p50Ms),
      cell(load.p95Ms),
      cell(load.maxMs),
      cell([extra, load.stoppedEarly ? `stopped early: ${load.stoppedEarly}` : ''].filter(Boolean).join('; ')),
    ]);
  };
  const phase = (name: string, p: LoadPhase | undefined): void => add(name, p?.load);
  const { floor, scim } = results;
  add('floor: bare Express POST', floor.bare);
  add('floor: Express + INSERT', floor.insert);
  add('floor: Express + indexed SELECT', floor.select);
  phase('POST /Users', scim.createUsers);
  phase('GET /Users?filter=userName eq', scim.lookups);
  phase('PUT /Users/{id}', scim.puts);
  add('POST /Bulk', scim.bulk?.load, scim.bulk?.usersPerSecond !== undefined ? `${scim.bulk.batchSize} ops/request, ${scim.bulk.usersPerSecond} users/s` : '');
  phase('POST /Users (users for the big group)', scim.extraPosts);
  add('first page, startIndex=1', scim.paging?.index.first);
  add(`deep page, startIndex=${scim.paging?.index.deepStartIndex ?? '?'}`, scim.paging?.index.deep);
  add('first page, cursor', scim.paging?.cursor.first);
  add('deep page, cursor', scim.paging?.cursor.deep);
  add(`PATCH +${scim.group?.batchSize ?? '?'} members`, scim.group?.load, scim.group?.membersAdded !== undefined ? `${scim.group.membersAdded} members added, one PATCH at a time` : '');
  add('PATCH remove members[value eq]', scim.removals?.load, 'one at a time');
  return markdownTable(['load', 'ok', 'failed', 'req/s', 'p50 ms', 'p95 ms', 'max ms', 'note'], rows);
}
