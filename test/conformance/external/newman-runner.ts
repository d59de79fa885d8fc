/**
 * A typed wrapper around newman's Node API (`newman.run`, newman 6): runs a Postman collection and reports its
 * assertions and failures. newman ships no type declarations, so its module is narrowed here instead of `any`.
 */
import { createRequire } from 'node:module';

/** One failed assertion, or a script error outside any assertion. */
export interface NewmanFailure {
  /** Folder path and request name, e.g. `Endpoint tests / Get ServiceProviderConfig`. */
  readonly request: string;
  /** The `pm.test` name; undefined for a script error outside a test. */
  readonly assertion: string | undefined;
  /** The HTTP status the request got; undefined when it got no response. */
  readonly status: number | undefined;
  readonly message: string;
}

/** What a run comes to. */
export interface NewmanResult {
  readonly assertions: number;
  readonly failedAssertions: number;
  readonly failures: readonly NewmanFailure[];
}

/** Options passed through to newman. */
export interface NewmanRunOptions {
  /** The collection as parsed JSON (so folders can be left out), or a path. */
  readonly collection: unknown;
  readonly envVar: readonly { readonly key: string; readonly value: string }[];
  /** Per-request timeout in ms. */
  readonly timeoutRequest?: number;
}

type RunCallback = (error: Error | null, summary: unknown) => void;
interface NewmanModule {
  run(options: Record<string, unknown>, callback: RunCallback): unknown;
}

function isNewman(value: unknown): value is NewmanModule {
  return typeof value === 'object' && value !== null && typeof (value as { run?: unknown }).run === 'function';
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The request's name prefixed by its folders, from newman's `source` (an item) and its `parent()` chain. */
function requestName(source: unknown): string {
  const names: string[] = [];
  let item: unknown = source;
  // Walk up to the collection, which is the one ancestor without a parent; its name is not part of the path.
  for (let depth = 0; depth < 10 && item; depth += 1) {
    const fields = record(item);
    const parent: unknown = typeof fields.parent === 'function' ? (fields.parent as () => unknown).call(item) : undefined;
    const name = text(fields.name);
    if (parent && name !== undefined) names.unshift(name);
    item = parent;
  }
  return names.join(' / ') || '(unknown request)';
}

/** The response status of each request execution, by newman's cursor reference (one per request run). */
function statusesByExecution(executions: unknown): Map<string, number> {
  const statuses = new Map<string, number>();
  for (const execution of Array.isArray(executions) ? executions : []) {
    const fields = record(execution);
    const ref = text(record(fields.cursor).ref);
    const code = record(fields.response).code;
    if (ref !== undefined && typeof code === 'number') statuses.set(ref, code);
  }
  return statuses;
}

/** Reads newman's run summary. */
function readSummary(summary: unknown): NewmanResult {
  const run = record(record(summary).run);
  const assertions = record(record(run.stats).assertions);
  const failures = Array.isArray(run.failures) ? run.failures : [];
  const statuses = statusesByExecution(run.executions);
  return {
    assertions: typeof assertions.total === 'number' ? assertions.total : 0,
    failedAssertions: typeof assertions.failed === 'number' ? assertions.failed : 0,
    failures: failures.map((failure) => {
      const fields = record(failure);
      const error = record(fields.error);
      return {
        request: requestName(fields.source),
        assertion: text(error.test),
        status: statuses.get(text(record(fields.cursor).ref) ?? ''),
        message: text(error.message) ?? text(error.name) ?? 'failed',
      };
    }),
  };
}

/** Runs a collection with newman; resolves with the assertion counts and failures (a run error rejects). */
export function runNewman(options: NewmanRunOptions): Promise<NewmanResult> {
  const loaded: unknown = createRequire(import.meta.url)('newman');
  if (!isNewman(loaded)) throw new Error('newman is not installed (it is a devDependency: run npm install).');
  return new Promise((resolve, reject) => {
    loaded.run(
      {
        collection: options.collection,
        envVar: options.envVar,
        reporters: [],
        timeoutRequest: options.timeoutRequest ?? 30_000,
      },
      (error, summary) => (error ? reject(error) : resolve(readSummary(summary))),
    );
  });
}
