/**
 * How far the standalone server lets V8's old generation grow between full collections.
 *
 * Under steady SCIM load the server keeps 20–40 MB of live objects, and each request promotes some KB to the old
 * generation (what the event log and the request log hold until their next write). V8 lets the old generation grow
 * to up to four times what survived the last full collection before collecting again, so nearly all of the server's
 * peak RSS in the benchmark (200–260 MB) was garbage waiting for a collection. A growth factor of 2.5
 * (`--heap-growing-percent=150`) collects sooner: in a lab run of creates, lookups and replaces the peak RSS fell
 * from 187–224 MB to 157–164 MB. The price is more frequent full collections of a small heap (a few ms each); in
 * paired lab runs the lookup's server CPU per request was the same (0.261 against 0.261–0.272 ms).
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
