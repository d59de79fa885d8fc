import { describe, it, expect } from 'vitest';
import type { RequestHandler } from 'express';
import { ScimRouteTable } from '../../../lib/http/scim-route-table.js';
import { ScimError } from '../../../lib/scim/errors.js';

const named = (name: string): RequestHandler => Object.assign(() => undefined, { handlerName: name });
const nameOf = (handler: RequestHandler | undefined): string | undefined => (handler as unknown as { handlerName?: string } | undefined)?.handlerName;

function table(): ScimRouteTable {
  const routes = new ScimRouteTable();
  routes.route('/Users/.search').post(named('search')).all(named('405-search'));
  routes.route('/Users').get(named('list')).post(named('create')).all(named('405-users'));
  routes.route('/Users/:id').get(named('get')).delete(named('delete'));
  routes.route('/Users/:id').all(named('405-user'));
  routes.all(['/Me', '/Me/{*rest}'], named('me'));
  return routes;
}

describe('ScimRouteTable.match', () => {
  const routes = table();
  const match = (method: string, path: string) => routes.match(method, path);

  it('finds handlers by method, trying routes in the order they were declared', () => {
    expect(nameOf(match('POST', '/Users/.search')?.handlers[0])).toBe('search');
    expect(nameOf(match('GET', '/Users')?.handlers[0])).toBe('list');
    expect(nameOf(match('POST', '/Users')?.handlers[0])).toBe('create');
    expect(match('GET', '/Users/42')).toMatchObject({ params: { id: '42' } });
    expect(nameOf(match('GET', '/Users/42')?.handlers[0])).toBe('get');
  });

  it('compares literal segments in any case and allows one trailing slash', () => {
    expect(nameOf(match('GET', '/users')?.handlers[0])).toBe('list');
    expect(nameOf(match('GET', '/USERS/')?.handlers[0])).toBe('list');
    expect(match('GET', '/Users//')).toBeUndefined();
  });

  it('answers other methods with `all`, also from a later declaration of the same path', () => {
    expect(nameOf(match('PUT', '/Users')?.handlers[0])).toBe('405-users');
    expect(nameOf(match('PATCH', '/Users/42')?.handlers[0])).toBe('405-user');
    expect(nameOf(match('GET', '/Users/.search')?.handlers[0])).toBe('405-search');
  });

  it('lets HEAD fall back to GET', () => {
    expect(nameOf(match('HEAD', '/Users/7')?.handlers[0])).toBe('get');
  });

  it('percent-decodes parameters and refuses malformed escapes with a 400 naming the segment', () => {
    expect(match('GET', '/Users/a%2Fb%20c')?.params).toEqual({ id: 'a/b c' });
    let error: unknown;
    try {
      match('GET', '/Users/%E0%A4%A');
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ScimError);
    expect((error as ScimError).status).toBe(400);
    expect((error as ScimError).message).toContain('%E0%A4%A');
  });

  it('matches a rest pattern only with something after it, and nothing for unknown or deeper paths', () => {
    expect(nameOf(match('GET', '/Me')?.handlers[0])).toBe('me');
    expect(nameOf(match('DELETE', '/Me/x/y')?.handlers[0])).toBe('me');
    expect(match('GET', '/Users/42/extra')).toBeUndefined();
    expect(match('GET', '/Groups')).toBeUndefined();
    expect(match('GET', '/')).toBeUndefined();
    expect(match('GET', '/Users/')?.params).toEqual({});
  });
});
