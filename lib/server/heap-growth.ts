/**
 * How far the standalone server lets V8's old generation grow between full collections.
 *
 * Under steady SCIM load little stays live, but V8 lets the old generation grow to several times what survived the
 * last full collection before collecting again, so most of the server's peak memory was garbage waiting for a
 * collection. A growth factor of 2.5 (`--heap-growing-percent=150`) collects sooner, for more frequent full
 * collections of a small heap. Operators can override it (docs/operations.md); the benchmark's floor apps set it
 * the same way, so they start as the server does.
 *
 * Only the standalone server does this; a host application's router leaves the host's V8 settings alone. A
 * `--heap-growing-percent` given on the node command line wins (`--heap-growing-percent=0` restores V8's own
 * heuristics). V8 reads the flag at each collection, so setting it at start-up takes effect (tested); an unknown
 * flag would be ignored with a warning by V8, never stop the server.
 */
import { setFlagsFromString } from 'node:v8';

/** The growth the standalone server asks for, in percent over the last full collection's survivors. */
export const STANDALONE_HEAP_GROWING_PERCENT = 150;

const FLAG = '--heap-growing-percent';
/** The flag as node accepts it on the command line: dashes or underscores, with or without `=value`. */
const GIVEN = /^--heap[-_]growing[-_]percent(?:=|$)/;

/**
 * Sets V8's heap growing factor for the standalone server unless the node command line already sets it. Returns the
 * flag it set, or undefined when it left the command line's value.
 */
export function applyStandaloneHeapGrowth(
  execArgv: readonly string[] = process.execArgv,
  setFlags: (flags: string) => void = setFlagsFromString,
): string | undefined {
  if (execArgv.some((arg) => GIVEN.test(arg))) return undefined;
  const flag = `${FLAG}=${STANDALONE_HEAP_GROWING_PERCENT}`;
  setFlags(flag);
  return flag;
}
