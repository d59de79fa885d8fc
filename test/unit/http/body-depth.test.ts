/**
 * The edge's shape check of a request body: nesting depth and the total number of arrays and objects.
 */
import { describe, expect, it } from 'vitest';
import { assertBodyDepth, assertRawBodyShape, MAX_BODY_DEPTH, MAX_BODY_NODES } from '../../../lib/http/routes/body-depth.js';
import { ScimError } from '../../../lib/scim/errors.js';

function errorOf(body: unknown): ScimError | undefined {
  try {
    assertBodyDepth(body);
    return undefined;
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
}

const nested = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);

describe('assertBodyDepth', () => {
  it('takes nesting up to the cap and refuses one level more', () => {
    expect(errorOf({ a: nested(MAX_BODY_DEPTH - 1) })).toBeUndefined();
    expect(errorOf({ a: nested(MAX_BODY_DEPTH) })).toMatchObject({ status: 400, scimType: 'invalidSyntax', detail: expect.stringContaining(`${MAX_BODY_DEPTH} levels`) });
  });

  it('takes MAX_BODY_NODES arrays and objects and refuses more, naming the limit', () => {
    const items = (count: number) => ({ schemas: Array.from({ length: count - 2 }, () => ({})) });
    expect(errorOf(items(MAX_BODY_NODES))).toBeUndefined();
    expect(errorOf(items(MAX_BODY_NODES + 1))).toMatchObject({ status: 400, scimType: 'invalidSyntax', detail: expect.stringContaining(`${MAX_BODY_NODES} arrays and objects`) });
  });

  it('does not count scalars', () => {
    expect(errorOf({ values: Array.from({ length: MAX_BODY_NODES * 2 }, (_, i) => i) })).toBeUndefined();
  });
});

function rawErrorOf(text: string): ScimError | undefined {
  try {
    assertRawBodyShape(Buffer.from(text, 'utf8'));
    return undefined;
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
}

describe('assertRawBodyShape (before JSON.parse)', () => {
  const brackets = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it('takes nesting up to the cap and refuses one level more, as assertBodyDepth does', () => {
    expect(rawErrorOf(`{"a":${brackets(MAX_BODY_DEPTH - 1)}}`)).toBeUndefined();
    expect(rawErrorOf(`{"a":${brackets(MAX_BODY_DEPTH)}}`)).toMatchObject({ status: 400, scimType: 'invalidSyntax', detail: expect.stringContaining(`${MAX_BODY_DEPTH} levels`) });
  });

  it('takes MAX_BODY_NODES arrays and objects and refuses more, naming the limit', () => {
    const items = (count: number) => `{"schemas":[${Array.from({ length: count - 2 }, () => '{}').join(',')}]}`;
    expect(rawErrorOf(items(MAX_BODY_NODES))).toBeUndefined();
    expect(rawErrorOf(items(MAX_BODY_NODES + 1))).toMatchObject({ status: 400, scimType: 'invalidSyntax', detail: expect.stringContaining(`${MAX_BODY_NODES} arrays and objects`) });
  });

  it('does not count brackets inside strings, escaped quotes and non-ASCII text included', () => {
    const text = `{"a":"\\"${'[{'.repeat(MAX_BODY_DEPTH * 2)}","b":"ø${'['.repeat(MAX_BODY_DEPTH * 2)}\\\\"}`;
    expect(JSON.parse(text)).toBeTypeOf('object');
    expect(rawErrorOf(text)).toBeUndefined();
    expect(rawErrorOf(`{"a":"\\\\",${brackets(MAX_BODY_DEPTH)}}`)).toMatchObject({ scimType: 'invalidSyntax' });
  });
});
