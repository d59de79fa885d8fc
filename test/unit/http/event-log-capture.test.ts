/**
 * Which requests get the shorter cap on their stored response: the ones answered with a ListResponse
 * (RFC 7644 §3.4.2 GET of a collection, §3.4.3 .search), whatever the mount prefix and query.
 */
import { describe, expect, it } from 'vitest';
import { isListRequest } from '../../../lib/http/event-log-capture.js';

const base = '/api/identity/scim/abcdef123456/v2';

describe('isListRequest', () => {
  it.each([
    ['GET', `${base}/Users`],
    ['GET', `${base}/Users/`],
    ['GET', `${base}/Groups?startIndex=1&count=100`],
    ['GET', `${base}/users?filter=userName%20eq%20%22a%22`],
    ['POST', `${base}/.search`],
    ['POST', `${base}/Users/.search`],
    ['POST', `${base}/Groups/.search?x=1`],
  ])('%s %s is a list', (method, url) => {
    expect(isListRequest(method, url)).toBe(true);
  });

  it.each([
    ['POST', `${base}/Users`],
    ['GET', `${base}/Users/2819c223-7f76-453a-919d-413861904646`],
    ['GET', `${base}/Schemas`],
    ['GET', `${base}/.search`],
    ['PATCH', `${base}/Groups`],
    ['GET', `${base}/Users/x/.search`],
    ['GET', '/Users'],
  ])('%s %s is not', (method, url) => {
    expect(isListRequest(method, url)).toBe(false);
  });
});
