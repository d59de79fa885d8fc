import { describe, it, expect } from 'vitest';
import { scimTarget } from '../../../lib/http/scim-target.js';
import { ScimError } from '../../../lib/scim/errors.js';

describe('scimTarget', () => {
  it('splits tenant, base and route path, dropping the query', () => {
    expect(scimTarget('/acme/v2/Users/42?attributes=id')).toEqual({ tenantId: 'acme', basePath: '/acme/v2', routePath: '/Users/42' });
    expect(scimTarget('/acme/V2/Users')).toEqual({ tenantId: 'acme', basePath: '/acme/V2', routePath: '/Users' });
  });

  it('gives the base itself the route path /', () => {
    expect(scimTarget('/acme/v2')?.routePath).toBe('/');
    expect(scimTarget('/acme/v2/')?.routePath).toBe('/');
    expect(scimTarget('/acme/v2?x=1')?.routePath).toBe('/');
  });

  it('decodes the tenant id but keeps the base as written', () => {
    expect(scimTarget('/a%20b/v2/Users')).toEqual({ tenantId: 'a b', basePath: '/a%20b/v2', routePath: '/Users' });
  });

  it('is undefined for URLs not below /<tenant>/v2', () => {
    for (const url of ['/', '', '/acme', '/acme/v1/Users', '/acme/v20/Users', '//v2/Users', 'acme/v2/Users', '/acme/Users']) {
      expect(scimTarget(url), url).toBeUndefined();
    }
  });

  it('refuses a malformed tenant escape with a 400', () => {
    expect(() => scimTarget('/a%ZZ/v2/Users')).toThrow(ScimError);
  });
});
