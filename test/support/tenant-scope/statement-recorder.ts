/**
 * Records the statements the library issues: every knex client's `query` event (knex's own runner, transactions
 * and the store's direct prepared-statement path all emit it), attributed to the code that issued it by the
 * statement's (async) stack. Statements whose first frame in the repository is under `lib/` are the library's;
 * those issued by test code itself (fixtures, catalog queries) are left out.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** A statement the library issued. */
export interface RecordedStatement {
  readonly sql: string;
  readonly bindings: readonly unknown[];
}

type Emit = (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const LISTENER = Symbol.for('scim-directory.statement-recorder');

/** True when the first repository frame of the current stack is library code. */
function issuedByLibrary(): boolean {
  const prepare = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  const holder: { stack?: unknown } = {};
  try {
    Error.stackTraceLimit = 60;
    Error.prepareStackTrace = (_error, sites) => sites;
    Error.captureStackTrace(holder);
  } finally {
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
  }
  // Some runners format stacks themselves and hand back text: read the file names from its lines then.
  const stack = holder.stack;
  const files = Array.isArray(stack)
    ? (stack as NodeJS.CallSite[]).map((site) => site.getFileName() ?? '')
    : String(stack).split('\n').map((line) => /\(?((?:file:\/\/)?\/[^()]+?):\d+:\d+\)?$/.exec(line)?.[1] ?? '');
  for (const raw of files) {
    const file = raw.startsWith('file://') ? fileURLToPath(raw) : raw;
    if (!file.startsWith(REPO) || file.includes('/node_modules/') || file === SELF) continue;
    const inRepo = file.slice(REPO.length);
    return inRepo.startsWith('lib/') || inRepo.startsWith('dist/lib/');
  }
  return false;
}

/**
 * Hooks knex's base client once per worker, so every knex instance (the test's, a PGlite one, a transaction's)
 * reports to `onStatement`. A transaction's statements are re-emitted by its parent client; the re-emission is
 * skipped. A worker runs many test files: a later call replaces the listener rather than hooking again.
 */
export function recordLibraryStatements(onStatement: (statement: RecordedStatement) => void): void {
  const require = createRequire(import.meta.url);
  const client = (require('knex') as { Client: { prototype: { emit: Emit } & Record<symbol, unknown> } }).Client.prototype;
  const installed = client[LISTENER] !== undefined;
  client[LISTENER] = onStatement;
  if (installed) return;
  const emit = client.emit;
  let depth = 0;
  client.emit = function (this: unknown, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'query' && depth === 0) {
      const query = args[0] as { sql?: unknown; bindings?: unknown } | undefined;
      if (typeof query?.sql === 'string' && issuedByLibrary()) {
        (client[LISTENER] as typeof onStatement)({ sql: query.sql, bindings: Array.isArray(query.bindings) ? query.bindings : [] });
      }
    }
    depth++;
    try {
      return emit.call(this, event, ...args);
    } finally {
      depth--;
    }
  };
}
