/**
 * `attributes` / `excludedAttributes` take at most MAX_PROJECTION_NAMES names each (RFC 7644 §3.9 leaves the bound
 * to the service provider); more is 400 invalidValue naming the parameter and the limit.
 */
import { describe, expect, it } from 'vitest';
import { ScimError } from '../../../../lib/scim/errors.js';
import { MAX_PROJECTION_NAMES, parseProjection } from '../../../../lib/scim/list/projection-parameters.js';
import { createSchemaRegistry } from '../../../../lib/scim/schema/registry.js';

const registry = createSchemaRegistry();
const names = (count: number) => Array.from({ length: count }, (_, i) => (i === 0 ? 'userName' : `custom${i}`));

describe('projection name cap', () => {
  it('takes MAX_PROJECTION_NAMES names, comma-separated or repeated', () => {
    expect(parseProjection(registry, 'User', { attributes: names(MAX_PROJECTION_NAMES).join(',') }).include).toBeDefined();
    expect(parseProjection(registry, 'User', { excludedAttributes: names(MAX_PROJECTION_NAMES) }).exclude).toBeDefined();
  });

  it.each(['attributes', 'excludedAttributes'] as const)('refuses one more name in %s', (parameter) => {
    let caught: unknown;
    try {
      parseProjection(registry, 'User', { [parameter]: names(MAX_PROJECTION_NAMES + 1).join(',') });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ScimError);
    expect(caught).toMatchObject({ status: 400, scimType: 'invalidValue', detail: `${parameter}: ${MAX_PROJECTION_NAMES + 1} names; at most ${MAX_PROJECTION_NAMES} are accepted` });
  });
});
