/**
 * JSON bodies written in pieces: a response value is serialised once with markers in the places whose text is
 * produced later (the rest of a 100 000-member list), and the text is then handed out segment by segment, each
 * marker replaced by the pieces its producer yields. Consumers pull one piece at a time, so a slow client paces
 * the reads behind it and memory holds one piece, not the whole body.
 */
import { randomUUID } from 'node:crypto';

/** A place in a JSON value whose text is produced later: the value at that place is the string `marker`. */
export interface JsonHole {
  readonly marker: string;
  /** The JSON text that replaces the marker (a complete JSON value once concatenated), in pieces. */
  fill(): AsyncIterable<string>;
}

/**
 * A marker no client value can equal: a NUL (which the store refuses in any stored string) and a random UUID.
 */
export function newHoleMarker(): string {
  return `\u0000scim-hole:${randomUUID()}`;
}

/**
 * The JSON text of `value` in pieces, each hole's marker replaced by what its `fill` yields. A marker that does not
 * occur in the serialised value is a programming error and throws before anything is yielded.
 */
export async function* jsonWithHoles(value: unknown, holes: readonly JsonHole[]): AsyncGenerator<string, void, undefined> {
  const text = JSON.stringify(value);
  const placed = holes
    .map((hole) => {
      const literal = JSON.stringify(hole.marker);
      const at = text.indexOf(literal);
      if (at < 0) throw new Error(`JSON hole marker ${JSON.stringify(hole.marker)} is not in the value`);
      return { hole, at, end: at + literal.length };
    })
    .sort((a, b) => a.at - b.at);
  let from = 0;
  for (const { hole, at, end } of placed) {
    yield text.slice(from, at);
    yield* hole.fill();
    from = end;
  }
  yield text.slice(from);
}
