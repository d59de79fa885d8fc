import { describe, expect, it } from 'vitest';
import { isSensitiveName, REDACTED, redactJson, redactQuery, redactText } from '../../../lib/eventlog/redact.js';

describe('redactJson', () => {
  it('replaces password values at any depth and under URN-qualified names, keeping the rest', () => {
    const body = {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'ada@example.com',
      password: 't1meMa$heen',
      'urn:ietf:params:scim:schemas:core:2.0:User:password': 'other',
      nested: [{ deeper: { Password: 'x', keep: 'visible' } }],
    };
    expect(redactJson(body)).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'ada@example.com',
      password: REDACTED,
      'urn:ietf:params:scim:schemas:core:2.0:User:password': REDACTED,
      nested: [{ deeper: { Password: REDACTED, keep: 'visible' } }],
    });
    expect(body.password).toBe('t1meMa$heen');
  });

  it('redacts the value of a PATCH operation whose path names the password (RFC 7644 §3.5.2)', () => {
    const patch = {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'replace', path: 'password', value: 'new-secret' },
        { op: 'Replace', path: 'urn:ietf:params:scim:schemas:core:2.0:User:password', value: 'also' },
        { op: 'replace', path: 'displayName', value: 'Ada' },
        { op: 'replace', value: { password: 'pathless', active: true } },
      ],
    };
    const ops = (redactJson(patch) as { Operations: { value: unknown }[] }).Operations;
    expect(ops.map((o) => o.value)).toEqual([REDACTED, REDACTED, 'Ada', { password: REDACTED, active: true }]);
  });

  it('redacts our tokens and bearer credentials inside any string', () => {
    const token = 'scimdir_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg';
    expect(redactJson({ note: `leaked ${token} here`, h: 'Bearer abc.def-ghi' })).toEqual({
      note: `leaked scimdir_${REDACTED} here`,
      h: `Bearer ${REDACTED}`,
    });
  });

  it('keeps null and non-string values of sensitive keys recognisable as absent', () => {
    expect(redactJson({ password: null })).toEqual({ password: null });
    expect(redactJson({ token: 12345 })).toEqual({ token: REDACTED });
  });
});

describe('redactText and redactQuery', () => {
  it('redacts "password": "…" pairs in unparsed text, including escaped quotes', () => {
    expect(redactText('{"userName":"a","password":"p\\"w"}')).toBe(`{"userName":"a","password":"${REDACTED}"}`);
  });

  it('redacts secret-named query parameters', () => {
    expect(redactQuery('filter=userName%20eq%20%22a%22&access_token=xyz&count=1')).toBe(`filter=userName%20eq%20%22a%22&access_token=${REDACTED}&count=1`);
  });

  it('leaves ordinary text alone', () => {
    expect(redactText('GET /Users?filter=userName eq "bob"')).toBe('GET /Users?filter=userName eq "bob"');
  });
});

describe('isSensitiveName', () => {
  it('matches the last segment of a path, ignoring value filters', () => {
    expect(isSensitiveName('password')).toBe(true);
    expect(isSensitiveName('urn:ietf:params:scim:schemas:core:2.0:User:password')).toBe(true);
    expect(isSensitiveName('emails[type eq "work"].value')).toBe(false);
    expect(isSensitiveName('userName')).toBe(false);
  });

  it('matches every secret name in any case, bare, URN-qualified or dotted, and names that only contain one are not', () => {
    const names = ['password', 'newPassword', 'oldpassword', 'secret', 'clientSecret', 'client_secret', 'token', 'accessToken', 'access_token', 'refreshToken', 'refresh_token', 'idToken', 'id_token', 'Authorization', 'apiKey', 'api_key', 'Bearer'];
    for (const name of names) {
      for (const form of [name, name.toUpperCase(), `urn:example:ext:${name}`, `credentials.${name}`, `x[value eq "a"].${name} `]) {
        expect(isSensitiveName(form), form).toBe(true);
      }
      expect(isSensitiveName(`${name}Hint`), `${name}Hint`).toBe(false);
    }
    expect(isSensitiveName('password.length')).toBe(false);
  });
});
