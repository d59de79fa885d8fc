/**
 * Replay fixtures: one folder per identity provider under `test/conformance/<provider>/`, holding `suite.json`
 * (who, which documentation, default headers) and one JSON file per step, named `NN-step-name.json` and replayed in
 * name order against a fresh tenant.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A check of the directory after a step: a resource read back over SCIM, or a group's membership in the database. */
export type StateCheck =
  | { readonly get: string; readonly status?: number; readonly body?: unknown }
  | { readonly members: string; readonly equals: readonly string[] }
  | { readonly users: { readonly active?: boolean; readonly count: number } };

/** One request of a provider's documented sequence and what must come of it. */
export interface ReplayStep {
  /** File name, for test titles. */
  readonly file: string;
  /** What the provider is doing at this step. */
  readonly step: string;
  /** Which dialect rules the step exercises, for the reader. */
  readonly rules?: readonly string[];
  readonly request: {
    readonly method: string;
    /** Relative to the tenant's SCIM base URL, e.g. `/Users?filter=…`; `${name}` refers to a saved value. */
    readonly path: string;
    readonly headers?: Readonly<Record<string, string>>;
    readonly body?: unknown;
    /** A body sent as text, for what JSON cannot express (e.g. a form-encoded filter in the path is enough usually). */
    readonly rawBody?: string;
  };
  readonly expect: {
    readonly status: number;
    /** A partial match of the response body (see `match.ts`). */
    readonly body?: unknown;
    /** Response values to keep for later steps: name → dotted path into the body (`id`, `Resources.0.id`). */
    readonly save?: Readonly<Record<string, string>>;
  };
  /** Checks of the directory's state after the step. */
  readonly state?: readonly StateCheck[];
}

/** A provider's suite. */
export interface ReplaySuite {
  readonly provider: string;
  readonly title: string;
  /** The public documentation the sequence follows. */
  readonly sources: readonly string[];
  /** Headers every request of the suite carries (the provider's User-Agent). */
  readonly headers: Readonly<Record<string, string>>;
  /** The provider `detectProvider` must name for the suite's requests. */
  readonly detectedAs: string;
  readonly steps: readonly ReplayStep[];
}

/** Loads the suite in `folder` (its `suite.json` and every `NN-*.json` step, in name order). */
export function loadSuite(folder: string): ReplaySuite {
  const meta = JSON.parse(readFileSync(join(folder, 'suite.json'), 'utf8')) as Omit<ReplaySuite, 'steps'>;
  const files = readdirSync(folder)
    .filter((file) => /^\d{2}-.*\.json$/.test(file))
    .sort();
  const steps = files.map((file) => ({ file, ...(JSON.parse(readFileSync(join(folder, file), 'utf8')) as Omit<ReplayStep, 'file'>) }));
  return { ...meta, steps };
}

/** The provider folders under `root` (those with a `suite.json`). */
export function suiteFolders(root: string): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(root, entry.name))
    .filter((folder) => readdirSync(folder).includes('suite.json'))
    .sort();
}
