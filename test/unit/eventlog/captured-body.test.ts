/**
 * The response pieces capture keeps: strings as sent (no copy), and at the cap exactly the bytes a UTF-8 copy of
 * the whole body would have had, so the stored text does not depend on how the body was cut into pieces.
 */
import { describe, expect, it } from 'vitest';
import { responseBodyText } from '../../../lib/eventlog/body-text.js';
import { CapturedBody } from '../../../lib/eventlog/captured-body.js';

/** The stored text as capture made it before keeping strings: one Buffer per piece, cut at the byte cap. */
function storedFromBytes(pieces: readonly string[], cap: number): string | undefined {
  const whole = Buffer.from(pieces.join(''), 'utf8');
  return responseBodyText([whole.subarray(0, cap * 4)], whole.length, cap);
}

function capture(pieces: readonly string[], cap: number): CapturedBody {
  const body = new CapturedBody(cap);
  for (const piece of pieces) body.add(piece);
  return body;
}

const bytesOf = (body: CapturedBody): Buffer => Buffer.concat(body.chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));

describe('CapturedBody', () => {
  it('keeps string pieces that fit as they are and counts their UTF-8 bytes', () => {
    const piece = '{"displayName":"Zoë"}';
    const body = new CapturedBody(100);
    body.add(piece);
    body.add('');
    expect(body.chunks).toEqual([piece]);
    expect(body.chunks[0]).toBe(piece);
    expect(body.kept).toBe(Buffer.byteLength(piece));
    expect(body.total).toBe(Buffer.byteLength(piece));
  });

  it('only counts pieces once the cap is full', () => {
    const body = new CapturedBody(2);
    body.add('abcdefgh');
    body.add('more');
    body.add(Buffer.from('bytes'));
    expect(body.kept).toBe(8);
    expect(body.total).toBe(8 + 4 + 5);
    expect(body.chunks).toHaveLength(1);
  });

  it('cuts the piece that crosses the cap into a copy of its first bytes, characters of any width included', () => {
    // 4-byte emoji (a surrogate pair), 2- and 3-byte characters, placed so the byte cap falls inside characters.
    const text = `${'a'.repeat(5)}😀é€${'b'.repeat(3)}😀😀€é${'c'.repeat(7)}`;
    const characters = Array.from(text);
    for (let cap = 1; cap <= 12; cap++) {
      // Pieces end on whole characters, as the senders' pieces (whole JSON texts) do.
      for (let split = 0; split <= characters.length; split++) {
        const pieces = [characters.slice(0, split).join(''), characters.slice(split).join('')];
        const body = capture(pieces, cap);
        const where = `cap ${cap}, split at ${split}`;
        expect(bytesOf(body).equals(Buffer.from(text).subarray(0, cap * 4)), where).toBe(true);
        expect(body.kept, where).toBe(Math.min(cap * 4, Buffer.byteLength(text)));
        expect(responseBodyText(body.chunks, body.total, body.cap), where).toBe(storedFromBytes(pieces, cap));
      }
    }
  });

  it('keeps Buffer pieces and cuts them the same way', () => {
    const body = new CapturedBody(2);
    const bytes = Buffer.from('0123456789');
    body.add(bytes);
    expect(body.chunks).toHaveLength(1);
    expect(body.chunks[0]?.toString()).toBe('01234567');
    expect(body.chunks[0]).not.toBe(bytes);
    expect(responseBodyText(body.chunks, body.total, body.cap)).toMatch(/^01\n… \[truncated: 10 bytes in all, the first 2 characters kept\]$/);
  });
});
