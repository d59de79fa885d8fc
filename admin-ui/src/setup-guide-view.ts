/**
 * The setup guide of a directory's overview: choose the identity provider and the sign-in method (and, for OAuth or
 * federation, which of the directory's clients or trusts), and read the provider's steps with its form's fields by
 * their names there and this directory's values to paste, or why the provider does not offer the method. Everything
 * is rendered as text; `backticked` parts of a guide become code elements.
 */
import { h, type Child } from './dom.js';
import { AUTH_METHODS, SETUP_GUIDES, type AuthMethodId, type GuideField, type GuideValues, type ProviderGuide } from './setup-guides/index.js';
import type { OAuthClient, Trust } from './types.js';
import { copyField } from './widgets.js';

/** A guide's text with its `backticked` parts as code. */
function rich(text: string): Child[] {
  return text.split('`').map((part, i) => (i % 2 === 1 ? h('code', null, part) : part));
}

/** One field of the provider's form: the value with a copy button, or what to put there. */
function fieldView(field: GuideField, index: number): HTMLElement {
  const hint = field.hint ? h('p', { class: 'hint' }, ...rich(field.hint)) : null;
  if (field.value !== undefined) {
    return h('div', { class: 'guide-field', attrs: { 'data-guide-field': field.label } }, copyField(field.label, field.value, { id: `guide-field-${index}` }), hint);
  }
  return h('div', { class: 'guide-field field', attrs: { 'data-guide-field': field.label } }, h('strong', null, field.label), hint);
}

/** The steps of `guide` for `method`. */
function guideView(guide: ProviderGuide, method: AuthMethodId, values: GuideValues): Node[] {
  const li = (text: string): HTMLElement => h('li', null, ...rich(text));
  const how = guide.methods[method];
  const methodName = AUTH_METHODS.find((m) => m.id === method)?.name ?? method;
  if (!how.supported) {
    return [h('h3', null, guide.name), h('p', { class: 'warning', attrs: { 'data-unsupported': method } }, `${guide.name} does not offer ${methodName.toLowerCase()}. `, ...rich(how.why))];
  }
  const quirks = guide.quirks.length
    ? [h('h4', null, `What ${guide.name} does that this directory handles`), h('ul', { class: 'quirks' }, guide.quirks.map(li))]
    : [];
  return [
    h('h3', null, guide.name),
    h(
      'ol',
      { class: 'steps' },
      how.prepare ? li(`In this directory: ${how.prepare}`) : null,
      guide.setup.map(li),
      h('li', null, ...rich(`${how.where}:`), h('div', { class: 'guide-fields' }, how.fields(values).map(fieldView))),
      li(`Unique identifier: ${guide.userIdentifier}`),
      guide.after.map(li),
    ),
    ...quirks,
  ];
}

/** The directory's credentials the guide can name. */
export interface GuideCredentials {
  readonly clients: readonly OAuthClient[];
  readonly trusts: readonly Trust[];
}

/**
 * The setup guide card. `onChange` is told the chosen method and the values filled in, at once and after every
 * change (the connection check follows it).
 */
export function setupGuide(base: Omit<GuideValues, 'clientId' | 'trustClientId'>, credentials: GuideCredentials, onChange: (method: AuthMethodId, values: GuideValues) => void): HTMLElement {
  const providerSelect = h('select', { attrs: { id: 'guide-select' } }, SETUP_GUIDES.map((g) => h('option', { attrs: { value: g.id } }, g.name)));
  const methodSelect = h('select', { attrs: { id: 'method-select' } });
  const credentialSelect = h('select', { attrs: { id: 'guide-credential' } });
  const credentialField = h('div', { class: 'field' }, h('label', { attrs: { for: 'guide-credential' } }, 'Credential'), credentialSelect);
  const body = h('div', { attrs: { 'aria-live': 'polite' } });
  const clients = credentials.clients.filter((c) => c.state === 'active');
  const trusts = credentials.trusts.filter((t) => t.state === 'active');

  const guide = (): ProviderGuide => SETUP_GUIDES.find((g) => g.id === providerSelect.value) ?? (SETUP_GUIDES[0] as ProviderGuide);
  const method = (): AuthMethodId => (AUTH_METHODS.find((m) => m.id === methodSelect.value) ?? AUTH_METHODS[0]!).id;

  /** The method options, saying which ones the provider does not offer; the choice is kept. */
  const fillMethods = (): void => {
    const chosen = methodSelect.value || 'bearer';
    methodSelect.replaceChildren(
      ...AUTH_METHODS.map((m) => h('option', { attrs: { value: m.id } }, guide().methods[m.id].supported ? m.name : `${m.name} (not offered by ${guide().name})`)),
    );
    methodSelect.value = chosen;
  };

  /** The clients or trusts of the chosen method, by name, to fill in their client id; none where the provider lacks the method. */
  const fillCredentials = (): void => {
    const offered = guide().methods[method()].supported;
    const list = !offered ? [] : method() === 'oauth' ? clients.map((c) => [c.clientId, c.name]) : method() === 'federation' ? trusts.map((t) => [t.clientId, t.name]) : [];
    const chosen = credentialSelect.value;
    credentialSelect.replaceChildren(...list.map(([id, name]) => h('option', { attrs: { value: id ?? '' } }, `${name} (${id})`)));
    if (list.some(([id]) => id === chosen)) credentialSelect.value = chosen;
    credentialField.hidden = list.length === 0;
  };

  const show = (): void => {
    fillMethods();
    fillCredentials();
    const chosen = credentialSelect.value || undefined;
    const values: GuideValues = { ...base, clientId: method() === 'oauth' ? chosen : undefined, trustClientId: method() === 'federation' ? chosen : undefined };
    body.replaceChildren(...guideView(guide(), method(), values));
    onChange(method(), values);
  };
  for (const select of [providerSelect, methodSelect, credentialSelect]) select.addEventListener('change', show);
  show();
  return h(
    'section',
    { class: 'card', attrs: { id: 'guides', 'aria-labelledby': 'guides-title' } },
    h('h2', { attrs: { id: 'guides-title' } }, 'Set up your identity provider'),
    h(
      'div',
      { class: 'toolbar' },
      h('div', { class: 'field' }, h('label', { attrs: { for: 'guide-select' } }, 'Identity provider'), providerSelect),
      h('div', { class: 'field' }, h('label', { attrs: { for: 'method-select' } }, 'Sign-in method'), methodSelect),
      credentialField,
    ),
    body,
  );
}
