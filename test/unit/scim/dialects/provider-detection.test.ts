import { describe, expect, it } from 'vitest';
import { ENTRA_LEGACY_GROUP_SCHEMA } from '../../../../lib/scim/dialects/legacy-schema-urns.js';
import { detectProvider, detectProviderName } from '../../../../lib/scim/dialects/provider-detection.js';
import { PATCH_OP_SCHEMA } from '../../../../lib/scim/patch/types.js';
import { GROUP_SCHEMA } from '../../../../lib/scim/schema/urns.js';

describe('detectProvider', () => {
  it.each([
    ['Okta SCIM Client 1.0.0', 'okta'],
    ['Microsoft Azure AD SCIM provisioning 1.0.0', 'entra'],
    ['Azure AD SCIM Client', 'entra'],
    ['Microsoft Azure AD SCIM Client', 'entra'],
    ['Microsoft Entra ID SCIM Client', 'entra'],
    ['OneLogin SCIM', 'onelogin'],
    ['JumpCloud SCIM Client/1.0', 'jumpcloud'],
    ['Google-Auto-Provisioning', 'google'],
    ['PingFederate/11.2', 'ping'],
    ['PingOne SCIM Outbound', 'ping'],
    ['Apache-HttpClient/4.5.13 (Java/11.0.16)', 'ping'],
    ['PostmanRuntime/7.39.0', 'unknown'],
  ] as const)('%s → %s', (agent, provider) => {
    expect(detectProvider(agent)).toBe(provider);
  });

  it('falls back to the request shape when the User-Agent names no provider', () => {
    expect(detectProvider(undefined, { schemas: [GROUP_SCHEMA, ENTRA_LEGACY_GROUP_SCHEMA], displayName: 'G' })).toBe('entra');
    expect(detectProvider('', { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] })).toBe('entra');
    expect(detectProvider('Java/17', { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'replace', value: { id: 'g1', displayName: 'x' } }] })).toBe('okta');
    expect(detectProvider(undefined, { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'replace', path: 'active', value: false }] })).toBe('unknown');
    expect(detectProvider(undefined, 'not json')).toBe('unknown');
  });

  it('trusts a User-Agent that names a provider over the shape', () => {
    expect(detectProvider('Okta SCIM Client 1.0.0', { schemas: [GROUP_SCHEMA, ENTRA_LEGACY_GROUP_SCHEMA] })).toBe('okta');
  });
});

describe('detectProviderName', () => {
  it('names a known provider and gives undefined for unknown ones', () => {
    expect(detectProviderName('Okta SCIM Client 1.0.0')).toBe('okta');
    expect(detectProviderName('curl/8.5.0', {})).toBeUndefined();
  });
});
