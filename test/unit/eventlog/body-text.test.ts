import { describe, expect, it } from 'vitest';
import { capText, requestBodyText, responseBodyText } from '../../../lib/eventlog/body-text.js';

describe('requestBodyText', () => {
  it('stores the redacted JSON', () => {
    expect(requestBodyText({ userName: 'a', password: 'p' })).toBe('{"userName":"a","password":"[redacted]"}');
  });

  it('stores nothing for an absent or empty body', () => {
    expect(requestBodyText(undefined)).toBeUndefined();
    expect(requestBodyText({})).toBeUndefined();
  });

  it('cuts long bodies and says how long they were', () => {
    const text = requestBodyText({ displayName: 'x'.repeat(500) }, 100) as string;
    expect(text.startsWith('{"displayName":"xxx')).toBe(true);
    expect(text).toContain('[truncated: 518 characters in all, the first 100 kept]');
    expect(text.length).toBeLessThan(200);
  });
});

describe('responseBodyText', () => {
  it('decodes the captured bytes and redacts tokens', () => {
    const body = Buffer.from('{"detail":"token scimdir_abcdefghijkl was refused"}');
    expect(responseBodyText([body], body.length)).toBe('{"detail":"token scimdir_[redacted] was refused"}');
  });

  it('marks a body whose bytes were not all kept as truncated', () => {
    const kept = Buffer.from('a'.repeat(40));
    expect(responseBodyText([kept], 1000, 30)).toMatch(/^a{30}\n… \[truncated: 1000 bytes in all/);
  });

  it('takes string pieces as sent, alone or with byte pieces, and counts their bytes against the total', () => {
    const pieces = ['{"displayName":"Zoë", ', '"token":"scimdir_abcdefghijkl"}'];
    const total = Buffer.byteLength(pieces.join(''));
    const expected = '{"displayName":"Zoë", "token":"scimdir_[redacted]"}';
    expect(responseBodyText(pieces, total)).toBe(expected);
    expect(responseBodyText([pieces[0] as string, Buffer.from(pieces[1] as string)], total)).toBe(expected);
    expect(responseBodyText(pieces, total + 10)).toContain(`[truncated: ${total + 10} bytes in all`);
  });

  it('is undefined for an empty response (204)', () => {
    expect(responseBodyText([], 0)).toBeUndefined();
  });
});

describe('capText', () => {
  it('keeps short text as is', () => {
    expect(capText('abc', 3)).toBe('abc');
  });
});
