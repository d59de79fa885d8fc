/**
 * A memo for answers that depend only on a key built from client input (attribute paths, document keys): bounded, so
 * a client sending ever new names cannot grow it without end; when full it is cleared and refills with what is
 * asked again. `undefined` answers are remembered too.
 */

/** A bounded memo of `compute(key)` answers. */
export class BoundedMemo<T> {
  private readonly answers = new Map<string, { readonly value: T }>();

  /** `max`: the most answers kept. */
  constructor(private readonly max: number) {}

  /** The remembered answer for `key`, or `compute()`'s, remembered. */
  get(key: string, compute: () => T): T {
    const known = this.answers.get(key);
    if (known !== undefined) return known.value;
    const value = compute();
    if (this.answers.size >= this.max) this.answers.clear();
    this.answers.set(key, { value });
    return value;
  }
}
