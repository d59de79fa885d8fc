import { describe, expect, it } from 'vitest';
import { jsonWithHoles, newHoleMarker, type JsonHole } from '../../../lib/provisioning/json-stream.js';

async function collect(pieces: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const piece of pieces) out.push(piece);
  return out;
}

function hole(parts: readonly string[]): JsonHole {
  return {
    marker: newHoleMarker(),
    async *fill() {
      yield* parts;
    },
  };
}

describe('jsonWithHoles', () => {
  it('replaces each marker with the pieces its fill yields, in document order', async () => {
    const a = hole(['[1', ',2', ']']);
    const b = hole(['"x"']);
    // b comes first in the text although it is given second.
    const value = { first: b.marker, list: [{ members: a.marker, keep: 'me' }], last: true };
    const pieces = await collect(jsonWithHoles(value, [a, b]));
    expect(pieces.length).toBeGreaterThan(3);
    expect(JSON.parse(pieces.join(''))).toEqual({ first: 'x', list: [{ members: [1, 2], keep: 'me' }], last: true });
  });

  it('is the plain serialisation without holes', async () => {
    const value = { a: 'text with "quotes" and \u0000', b: [1, null] };
    expect((await collect(jsonWithHoles(value, []))).join('')).toBe(JSON.stringify(value));
  });

  it('refuses a marker that is not in the value before yielding anything', async () => {
    const pieces = jsonWithHoles({ a: 1 }, [hole(['1'])]);
    await expect(pieces.next()).rejects.toThrow(/not in the value/);
  });

  it('makes markers no two calls share', () => {
    expect(newHoleMarker()).not.toBe(newHoleMarker());
  });

  it('does not read a hole before the text in front of it has been taken', async () => {
    let filled = false;
    const lazy: JsonHole = {
      marker: newHoleMarker(),
      async *fill() {
        filled = true;
        yield '0';
      },
    };
    const pieces = jsonWithHoles({ before: 'x', value: lazy.marker }, [lazy]);
    await pieces.next();
    expect(filled).toBe(false);
    await pieces.next();
    expect(filled).toBe(true);
  });
});
