import { describe, expect, it } from 'vitest';
import { eventSubject, type SubjectSource } from '../../../lib/admin/event-subject.js';

const event = (over: Partial<SubjectSource>): SubjectSource => ({ method: 'POST', path: '/Users', resourceType: 'Users', requestBody: null, responseBody: null, ...over });

describe('eventSubject', () => {
  it('names a created user from the response, a refused one from the request', () => {
    expect(eventSubject(event({ requestBody: '{"userName":"sent@example.com"}', responseBody: '{"id":"1","userName":"ada@example.com"}' }))).toBe('ada@example.com');
    expect(eventSubject(event({ requestBody: '{"schemas":[],"userName":"ADA@example.com"}', responseBody: '{"detail":"userName exists","status":"409"}' }))).toBe('ADA@example.com');
  });

  it('names a group by displayName, not by a member display or a manager of a user', () => {
    const group = '{"displayName":"Engineers","members":[{"value":"1","display":"Ada"}]}';
    expect(eventSubject(event({ path: '/Groups/g1', method: 'PATCH', resourceType: 'Groups', responseBody: group }))).toBe('Engineers');
    const user = '{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":{"displayName":"Boss"}},"userName":"ada"}';
    expect(eventSubject(event({ requestBody: user }))).toBe('ada');
  });

  it('reads a body cut short as text, with JSON escapes undone', () => {
    const cut = '{"schemas":["x"],"userName":"qu\\"ote\\u00e9@example.com","emails":[{"value":"a';
    expect(eventSubject(event({ requestBody: cut }))).toBe('qu"oteé@example.com');
  });

  it('names nothing for lists, searches, Bulk, discovery and bodies without the attribute', () => {
    const list = '{"Resources":[{"userName":"ada"}]}';
    expect(eventSubject(event({ method: 'GET', path: '/Users', responseBody: list }))).toBeUndefined();
    expect(eventSubject(event({ path: '/Users/.search', responseBody: list }))).toBeUndefined();
    expect(eventSubject(event({ path: '/Bulk', resourceType: 'Bulk', requestBody: '{"userName":"ada"}' }))).toBeUndefined();
    expect(eventSubject(event({ method: 'GET', path: '/Schemas/x', resourceType: 'Schemas', responseBody: '{"userName":"x"}' }))).toBeUndefined();
    expect(eventSubject(event({ method: 'DELETE', path: '/Users/u1' }))).toBeUndefined();
    expect(eventSubject(event({ requestBody: '{"userName":""}' }))).toBeUndefined();
  });

  it('cuts a very long name', () => {
    const name = eventSubject(event({ requestBody: JSON.stringify({ userName: 'x'.repeat(500) }) }));
    expect(name).toBe(`${'x'.repeat(200)}…`);
  });
});
