/**
 * List paging of /Users: the first page and a page near the end, by index (RFC 7644 §3.4.2.4, `startIndex` and
 * `count`) and by cursor (RFC 9865, `cursor` and `count`, following `nextCursor`). A keyset cursor should make
 * the deep page cost what the first does; an OFFSET-based index page grows with its depth.
 */
import { performance } from 'node:perf_hooks';
import { field, jsonBody } from '../http-client.js';
import { expectStatus } from '../load-driver.js';
import { loadOutcome, toFigures, type LoadFigures, type PhaseOutcome } from '../results.js';
import { measure, type ScimBench } from '../scim-bench.js';
import { median, round } from '../stats.js';

/** Index paging figures. */
export interface IndexPagingResult extends PhaseOutcome {
  readonly totalResults?: number;
  readonly deepStartIndex?: number;
  readonly first?: LoadFigures;
  readonly deep?: LoadFigures;
}

/** Cursor paging figures. `deepFrom` says whether the deep page was timed by reusing its cursor or during the walk. */
export interface CursorPagingResult extends PhaseOutcome {
  readonly first?: LoadFigures;
  readonly deep?: LoadFigures;
  readonly walk?: { readonly pages: number; readonly firstPagesMedianMs: number; readonly lastPagesMedianMs: number; readonly durationMs: number };
  readonly deepFrom?: 'reused cursor' | 'walk';
  /** p50 of the first and the deep page, whichever way the deep page was timed. */
  readonly firstPageMs?: number;
  readonly deepPageMs?: number;
}

/** Both kinds of paging. */
export interface PagingResult {
  readonly index: IndexPagingResult;
  readonly cursor: CursorPagingResult;
}

function resourcesOf(body: unknown): number {
  const resources = field(body, 'Resources');
  return Array.isArray(resources) ? resources.length : 0;
}

async function indexPaging(bench: ScimBench): Promise<IndexPagingResult> {
  const { pageSize, pageRequests, warmup } = bench.options;
  const probe = await bench.client.request('GET', `/Users?startIndex=1&count=${pageSize}`);
  const totalResults = field(jsonBody(probe), 'totalResults');
  if (probe.status !== 200 || typeof totalResults !== 'number') {
    return { state: 'failed', note: `GET /Users?startIndex=1&count=${pageSize}: status ${probe.status}: ${probe.body.slice(0, 300)}` };
  }
  const deepStartIndex = Math.max(1, totalResults - pageSize + 1);
  const deepProbe = await bench.client.request('GET', `/Users?startIndex=${deepStartIndex}&count=${pageSize}`);
  if (deepProbe.status !== 200 || resourcesOf(jsonBody(deepProbe)) === 0) {
    return { state: 'failed', totalResults, deepStartIndex, note: `deep page startIndex=${deepStartIndex}: status ${deepProbe.status}, no Resources: ${deepProbe.body.slice(0, 300)}` };
  }
  const first = await measure(bench, {
    name: 'first page (index)',
    total: pageRequests,
    warmup: Math.min(warmup, pageRequests),
    send: async () => expectStatus(await bench.client.request('GET', `/Users?startIndex=1&count=${pageSize}`), 200),
  });
  const deep = await measure(bench, {
    name: `deep page (startIndex=${deepStartIndex})`,
    total: pageRequests,
    send: async () => expectStatus(await bench.client.request('GET', `/Users?startIndex=${deepStartIndex}&count=${pageSize}`), 200),
  });
  const outcome = deep.ok > 0 && first.ok > 0 ? loadOutcome(deep) : { state: 'failed' as const, note: first.firstFailure ?? deep.firstFailure };
  return { ...outcome, totalResults, deepStartIndex, first: toFigures(first), deep: toFigures(deep) };
}

async function cursorPaging(bench: ScimBench): Promise<CursorPagingResult> {
  const { pageSize, pageRequests, warmup } = bench.options;
  const firstPath = `/Users?cursor&count=${pageSize}`;
  const probe = await bench.client.request('GET', firstPath);
  const firstCursor = field(jsonBody(probe), 'nextCursor');
  if (probe.status !== 200 || typeof firstCursor !== 'string') {
    return { state: 'unsupported', note: `not supported by the server (GET ${firstPath}: status ${probe.status}, no nextCursor)` };
  }

  // Walk to the end, timing every page and keeping the cursor of the last full page as "the deep page".
  bench.rss?.phase('cursor walk');
  const walkLatencies: number[] = [];
  const walkStarted = performance.now();
  const budgetEnd = walkStarted + bench.options.phaseBudgetSeconds * 1000;
  let cursor: string | undefined = firstCursor;
  let deepCursor: string | undefined;
  let walkFailure: string | undefined;
  while (cursor !== undefined && performance.now() < budgetEnd) {
    const started = performance.now();
    const response = await bench.client.request('GET', `/Users?cursor=${encodeURIComponent(cursor)}&count=${pageSize}`);
    const body = jsonBody(response);
    walkLatencies.push(performance.now() - started);
    if (response.status !== 200) {
      walkFailure = `walk page ${walkLatencies.length}: status ${response.status}: ${response.body.slice(0, 300)}`;
      break;
    }
    if (resourcesOf(body) === pageSize) deepCursor = cursor;
    const next = field(body, 'nextCursor');
    cursor = typeof next === 'string' && next !== '' ? next : undefined;
  }
  const walkDurationMs = performance.now() - walkStarted;
  const window = Math.max(1, Math.min(10, Math.floor(walkLatencies.length / 10)));
  const walk = {
    pages: walkLatencies.length,
    firstPagesMedianMs: round(median(walkLatencies.slice(0, window))),
    lastPagesMedianMs: round(median(walkLatencies.slice(-window))),
    durationMs: round(walkDurationMs),
  };
  bench.log(`  cursor walk: ${walk.pages} pages in ${walk.durationMs} ms; first pages ${walk.firstPagesMedianMs} ms, last pages ${walk.lastPagesMedianMs} ms`);

  const first = await measure(bench, {
    name: 'first page (cursor)',
    total: pageRequests,
    warmup: Math.min(warmup, pageRequests),
    send: async () => expectStatus(await bench.client.request('GET', firstPath), 200),
  });
  if (deepCursor === undefined) {
    return { state: 'failed', note: walkFailure ?? 'the walk found no full page', first: toFigures(first), walk };
  }
  const deepPath = `/Users?cursor=${encodeURIComponent(deepCursor)}&count=${pageSize}`;
  const deep = await measure(bench, {
    name: `deep page (cursor, page ${walk.pages})`,
    total: pageRequests,
    send: async () => expectStatus(await bench.client.request('GET', deepPath), 200),
  });
  if (deep.ok === 0) {
    // A server may refuse a cursor the second time (RFC 9865 lets cursors expire); then the walk's own timings of
    // its first and last pages are the comparison, both taken sequentially.
    return {
      state: 'measured',
      note: `the deep cursor could not be reused (${deep.firstFailure ?? '?'}); deep vs first page from the sequential walk`,
      first: toFigures(first),
      walk,
      deepFrom: 'walk',
      firstPageMs: walk.firstPagesMedianMs,
      deepPageMs: walk.lastPagesMedianMs,
    };
  }
  return {
    ...loadOutcome(deep),
    ...(walkFailure ? { note: walkFailure } : {}),
    first: toFigures(first),
    deep: toFigures(deep),
    walk,
    deepFrom: 'reused cursor',
    firstPageMs: round(first.p50Ms),
    deepPageMs: round(deep.p50Ms),
  };
}

/** Measures index and cursor paging over all users. */
export async function measurePaging(bench: ScimBench): Promise<PagingResult> {
  const index = await indexPaging(bench);
  const cursor = await cursorPaging(bench);
  return { index, cursor };
}
