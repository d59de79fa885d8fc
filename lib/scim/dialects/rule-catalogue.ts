/**
 * The dialect rules as data: name, the providers whose replay suites (or, for `entra`, Microsoft's reference
 * collection) exercise it, and what it does; for the admin UI, the event log and `docs/compatibility.md`. The
 * behaviour lives in the rule files; this list only describes them.
 */
import type { DialectRuleName } from './dialect-rule.js';
import type { IdentityProvider } from './provider-detection.js';

/** One rule, described. */
export interface DialectRuleDescription {
  readonly name: DialectRuleName;
  readonly providers: readonly IdentityProvider[];
  readonly summary: string;
}

/** Every dialect rule, in the order they are documented. */
export const DIALECT_RULES: readonly DialectRuleDescription[] = Object.freeze([
  { name: 'patchOpCase', providers: ['entra'], summary: 'PATCH "op" in any case ("Add", "Replace", "Remove").' },
  { name: 'patchMessageShape', providers: ['ping'], summary: '"operations", "Op"/"Path"/"Value" in any case, missing PatchOp "schemas", empty "path".' },
  { name: 'stringBooleans', providers: ['entra'], summary: 'Booleans sent as strings ("True", "false"), "primary" and "active" included, and in PATCH path filters (roles[primary eq "True"].value).' },
  { name: 'nullMeansAbsent', providers: ['entra'], summary: 'null in POST/PUT bodies is the same as leaving the attribute out.' },
  { name: 'nullReplaceRemoves', providers: ['entra'], summary: 'PATCH replace with null (with a path or inside a pathless value) removes the attribute.' },
  { name: 'removeWithValue', providers: ['entra', 'jumpcloud'], summary: 'PATCH remove with a value list removes only the listed values (members), never all.' },
  { name: 'qualifiedKeys', providers: ['entra', 'okta'], summary: 'Dotted ("name.givenName"), URN-qualified and filtered keys in bodies and pathless PATCH values.' },
  { name: 'extensionPathWithoutUrn', providers: ['onelogin', 'ping'], summary: 'Extension attributes named without their URN ("manager", "department").' },
  { name: 'managerForms', providers: ['entra'], summary: 'Enterprise manager as "", {"value": ""} (no manager) and removal via manager[value eq …].' },
  { name: 'singleElementArrays', providers: ['onelogin'], summary: 'One-element arrays for single-valued attributes.' },
  { name: 'singleValueForMultiValued', providers: ['jumpcloud', 'entra'], summary: 'One object or string where a multi-valued attribute wants an array.' },
  { name: 'bareStringValues', providers: ['entra'], summary: 'Plain ids for members and manager ("id" for {"value": "id"}).' },
  { name: 'displayNameAlias', providers: ['entra'], summary: 'members[].displayName read as display (readOnly, so ignored).' },
  { name: 'readOnlyNoise', providers: ['okta'], summary: 'id, meta, groups and schemas inside pathless PATCH values are ignored.' },
  { name: 'legacySchemaUrns', providers: ['entra'], summary: "Entra's legacy ADSCIM group URN and SCIM 1.1 URNs in schemas are ignored." },
  { name: 'passwordIgnored', providers: ['okta'], summary: 'password in PATCH (pathless or by path) is ignored: no credentials are stored.' },
  { name: 'filterEncoding', providers: [], summary: 'A filter still percent-encoded is decoded once.' },
  { name: 'filterPlusAsSpace', providers: ['entra'], summary: '"+" for spaces in filters, outside quoted values.' },
  { name: 'filterBareValues', providers: ['entra'], summary: 'Unquoted comparison values (userName sw O) are quoted.' },
  { name: 'attributeFilterIgnored', providers: ['entra'], summary: 'A value filter inside attributes= (emails[type eq "work"]) is dropped; the attribute is returned.' },
] satisfies DialectRuleDescription[]);
