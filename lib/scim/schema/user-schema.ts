/**
 * The core User schema (RFC 7643 §4.1), with the characteristics of its RFC 7643 §8.7.1 representation.
 * `id`, `externalId` and `meta` are common attributes (RFC 7643 §3.1) and live in `common-attributes.ts`.
 */
import { attribute, plainMultiValuedSubAttributes } from './attribute-builder.js';
import type { SchemaDefinition } from './types.js';
import { USER_SCHEMA } from './urns.js';

const nameAttribute = attribute('name', 'complex', "The components of the user's real name.", {
  subAttributes: [
    attribute('formatted', 'string', 'The full name, formatted for display.'),
    attribute('familyName', 'string', 'The family name, or last name.'),
    attribute('givenName', 'string', 'The given name, or first name.'),
    attribute('middleName', 'string', 'The middle name(s).'),
    attribute('honorificPrefix', 'string', "The honorific prefix(es), or title (e.g. 'Ms.')."),
    attribute('honorificSuffix', 'string', "The honorific suffix(es) (e.g. 'III')."),
  ],
});

const addressesAttribute = attribute('addresses', 'complex', 'Physical mailing addresses for this User.', {
  multiValued: true,
  subAttributes: [
    attribute('formatted', 'string', 'The full mailing address, formatted for display.'),
    attribute('streetAddress', 'string', 'The full street address component.'),
    attribute('locality', 'string', 'The city or locality component.'),
    attribute('region', 'string', 'The state or region component.'),
    attribute('postalCode', 'string', 'The zip code or postal code component.'),
    attribute('country', 'string', 'The country name component (ISO 3166-1 alpha-2).'),
    attribute('type', 'string', "A label indicating the address's function.", {
      canonicalValues: ['work', 'home', 'other'],
    }),
    attribute('primary', 'boolean', "A Boolean value indicating the 'primary' or preferred address."),
  ],
});

/** `groups` is derived from group memberships, so it is read-only everywhere (RFC 7643 §4.1.2). */
const groupsAttribute = attribute('groups', 'complex', 'The groups the user belongs to, directly or indirectly.', {
  multiValued: true,
  mutability: 'readOnly',
  subAttributes: [
    attribute('value', 'string', 'The identifier of the group.', { mutability: 'readOnly' }),
    attribute('$ref', 'reference', 'The URI of the group.', { mutability: 'readOnly', referenceTypes: ['Group'] }),
    attribute('display', 'string', 'A human-readable name of the group.', { mutability: 'readOnly' }),
    attribute('type', 'string', "How the membership is held: 'direct' or 'indirect'.", {
      mutability: 'readOnly',
      canonicalValues: ['direct', 'indirect'],
    }),
  ],
});

const multiValued = { multiValued: true } as const;

/** The core User schema definition (RFC 7643 §4.1, §8.7.1). */
export const userSchema: SchemaDefinition = Object.freeze({
  id: USER_SCHEMA,
  name: 'User',
  description: 'User Account',
  attributes: [
    attribute('userName', 'string', 'Unique identifier for the User, used by the user to authenticate.', {
      required: true,
      uniqueness: 'server',
    }),
    nameAttribute,
    attribute('displayName', 'string', 'The name of the User, suitable for display to end-users.'),
    attribute('nickName', 'string', 'The casual way to address the user in real life.'),
    attribute('profileUrl', 'reference', "A fully qualified URL pointing to the User's online profile.", {
      referenceTypes: ['external'],
    }),
    attribute('title', 'string', "The user's title, such as 'Vice President'."),
    attribute('userType', 'string', 'The relationship between the organization and the user.'),
    attribute('preferredLanguage', 'string', "The User's preferred written or spoken language."),
    attribute('locale', 'string', "The User's default location, for localizing items such as currency."),
    attribute('timezone', 'string', "The User's time zone in the 'Olson' time zone database format."),
    attribute('active', 'boolean', "A Boolean value indicating the User's administrative status."),
    // RFC 7643 §4.1.1: never returned; this service does not store it either (see the resource validator).
    attribute('password', 'string', "The User's cleartext password.", { mutability: 'writeOnly', returned: 'never' }),
    attribute('emails', 'complex', 'Email addresses for the user.', {
      ...multiValued,
      subAttributes: plainMultiValuedSubAttributes('e-mail address', 'string', {
        canonicalTypes: ['work', 'home', 'other'],
      }),
    }),
    attribute('phoneNumbers', 'complex', 'Phone numbers for the User.', {
      ...multiValued,
      subAttributes: plainMultiValuedSubAttributes('phone number', 'string', {
        canonicalTypes: ['work', 'home', 'mobile', 'fax', 'pager', 'other'],
      }),
    }),
    attribute('ims', 'complex', 'Instant messaging addresses for the User.', {
      ...multiValued,
      subAttributes: plainMultiValuedSubAttributes('instant messaging address', 'string', {
        canonicalTypes: ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo'],
      }),
    }),
    attribute('photos', 'complex', 'URLs of photos of the User.', {
      ...multiValued,
      subAttributes: plainMultiValuedSubAttributes('photo', 'reference', {
        canonicalTypes: ['photo', 'thumbnail'],
        valueOverrides: { caseExact: true, referenceTypes: ['external'] },
      }),
    }),
    addressesAttribute,
    groupsAttribute,
    attribute('entitlements', 'complex', 'A list of entitlements for the User.', {
      ...multiValued,
      subAttributes: plainMultiValuedSubAttributes('entitlement'),
    }),
    attribute('roles', 'complex', 'A list of roles for the User.', {
      ...multiValued,
      subAttributes: plainMultiValuedSubAttributes('role'),
    }),
    attribute('x509Certificates', 'complex', 'A list of certificates issued to the User.', {
      ...multiValued,
      subAttributes: plainMultiValuedSubAttributes('X.509 certificate', 'binary', {
        valueOverrides: { caseExact: true },
      }),
    }),
  ],
});
