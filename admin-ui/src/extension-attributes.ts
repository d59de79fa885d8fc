/**
 * A user's or group's extension attributes on its page, one section per schema under the schema's name (Enterprise
 * User, the application's and the directory's own extensions), in the schema's attribute order with readable labels:
 * complex values as nested lists of their sub-attributes, multi-valued ones as lists, the enterprise manager as a
 * link to the manager's own page. Everything is text: values come from the identity provider.
 */
import { h, type Child } from './dom.js';
import { link } from './route.js';
import type { AttributeDefinition, SchemaDefinition, UserLabel } from './types.js';

const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:user';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "employeeNumber" → "Employee number", "EnterpriseUser" → "Enterprise user", "ContosoHR" → "Contoso HR". */
export function readableName(name: string): string {
  const words = name
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .trim()
    .split(/\s+/)
    // Acronyms (HR, ID) keep their capitals; other words are lower case after the first.
    .map((word) => (/^[A-Z0-9]{2,}$/.test(word) ? word : word.toLowerCase()));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A schema's title: its name, readable; when the name is only the resource type (the default for a URN ending in
 * ":User"), the name in an extension URN (`urn:…:extension:ContosoHR:2.0:User` → "Contoso HR"), else the URN.
 */
export function schemaTitle(schema: { readonly id: string; readonly name: string }): string {
  if (schema.name && !/^(user|group)$/i.test(schema.name)) return readableName(schema.name);
  const named = /:extension:([^:]+):/i.exec(schema.id)?.[1];
  return named ? readableName(named) : schema.id;
}

function scalar(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value's member by name, case-insensitively (RFC 7643 §2.1), since an identity provider may spell it its way. */
function member(value: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(value).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : value[key];
}

/** The attributes to show: those the schema defines, in its order, then any the value holds that it does not. */
function attributesOf(value: Record<string, unknown>, defined: readonly AttributeDefinition[]): { name: string; definition?: AttributeDefinition; value: unknown }[] {
  const known = new Set(defined.map((d) => d.name.toLowerCase()));
  const listed = defined.map((definition) => ({ name: definition.name, definition, value: member(value, definition.name) })).filter((a) => a.value !== undefined);
  const extra = Object.keys(value)
    .filter((k) => !known.has(k.toLowerCase()))
    .map((name) => ({ name, value: value[name] }));
  return [...listed, ...extra];
}

/** A list of attributes as a definition list: label, the attribute's name, its value. */
function propsOf(value: Record<string, unknown>, defined: readonly AttributeDefinition[], renderValue: (name: string, value: unknown, definition?: AttributeDefinition) => Child): HTMLElement {
  return h(
    'dl',
    { class: 'props' },
    attributesOf(value, defined).map((a) => [
      h('dt', null, readableName(a.name), ' ', h('span', { class: 'attr-name mono' }, a.name)),
      h('dd', { attrs: { 'data-attribute': a.name } }, renderValue(a.name, a.value, a.definition)),
    ]),
  );
}

function valueOf(value: unknown, definition: AttributeDefinition | undefined): Child {
  if (Array.isArray(value)) {
    if (value.length === 0) return '—';
    return h('ul', { class: 'values' }, value.map((item) => h('li', null, valueOf(item, definition && { ...definition, multiValued: false }))));
  }
  if (isObject(value)) return propsOf(value, definition?.subAttributes ?? [], (_name, v, d) => valueOf(v, d));
  return scalar(value);
}

/**
 * The enterprise manager (RFC 7643 §4.3): a link to the manager's page named by display name (else userName) when
 * `value` is a user of this directory (`known`), else the value as sent.
 */
function manager(value: unknown, tenantId: string, known: UserLabel | null): Child {
  if (!isObject(value)) return scalar(value);
  const id = member(value, 'value');
  if (typeof id !== 'string' || !UUID.test(id) || !known || known.id.toLowerCase() !== id.toLowerCase()) {
    return [scalar(member(value, 'displayName') ?? id), typeof id === 'string' && id !== '' ? h('span', { class: 'hint' }, ' (not a user of this directory)') : null];
  }
  return h('a', { class: 'manager', attrs: { href: link(['t', tenantId, 'users', known.id]) } }, known.displayName || known.userName);
}

/** Core attributes the user page shows at its top, or not at all; the rest of the core schema's go under "Profile". */
const SHOWN_AT_TOP = new Set(['schemas', 'id', 'externalid', 'username', 'name', 'displayname', 'emails', 'active', 'meta', 'groups', 'roles']);

/** The core attributes beyond the key ones (title, userType, phone numbers, addresses, entitlements…), if any. */
export function profileSection(resource: Record<string, unknown>): HTMLElement | null {
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource)) {
    if (!SHOWN_AT_TOP.has(key.toLowerCase()) && !key.toLowerCase().startsWith('urn:')) rest[key] = value;
  }
  if (Object.keys(rest).length === 0) return null;
  return h('section', { class: 'extension', attrs: { 'aria-label': 'Profile' } }, h('h3', null, 'Profile'), propsOf(rest, [], (_name, v) => valueOf(v, undefined)));
}

/** The sections of a resource's extension attributes, one per schema whose URN its document holds. */
export function extensionSections(resource: Record<string, unknown>, schemas: readonly SchemaDefinition[], tenantId: string, knownManager: UserLabel | null): HTMLElement[] {
  const byUrn = new Map(schemas.map((s) => [s.id.toLowerCase(), s]));
  const urns = Object.keys(resource).filter((key) => key.toLowerCase().startsWith('urn:') && isObject(resource[key]));
  // The schemas' order (enterprise first), then anything the document carries that no schema of the directory names.
  urns.sort((a, b) => rank(a) - rank(b));
  function rank(urn: string): number {
    const i = schemas.findIndex((s) => s.id.toLowerCase() === urn.toLowerCase());
    return i < 0 ? schemas.length : i;
  }
  return urns.map((urn) => {
    const schema = byUrn.get(urn.toLowerCase());
    const value = resource[urn] as Record<string, unknown>;
    const title = schema ? schemaTitle(schema) : urn;
    const enterprise = urn.toLowerCase() === ENTERPRISE_USER;
    return h(
      'section',
      { class: 'extension', attrs: { 'aria-label': title } },
      h('h3', null, title),
      h('p', { class: 'urn mono' }, urn),
      propsOf(value, schema?.attributes ?? [], (name, v, d) => (enterprise && name.toLowerCase() === 'manager' ? manager(v, tenantId, knownManager) : valueOf(v, d))),
    );
  });
}
