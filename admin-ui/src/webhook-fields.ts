/**
 * The fields of a webhook endpoint form, shared by creating and editing: name, URL and the change types as
 * checkboxes in a fieldset.
 */
import { h } from './dom.js';
import { field } from './widgets.js';

/** The controls and a way to read them. */
export interface EndpointFields {
  readonly nodes: HTMLElement[];
  /** The values as the admin API takes them. */
  values(): { name: string; url: string; changeTypes: string[] };
}

/** Builds the fields, filled from `initial` when editing. */
export function endpointFields(changeTypes: readonly string[], initial?: { name: string; url: string; changeTypes: readonly string[] }): EndpointFields {
  const name = h('input', { attrs: { type: 'text', name: 'webhookName', maxlength: 100, required: true, autocomplete: 'off', placeholder: 'CRM sync' }, value: initial?.name ?? '' });
  const url = h('input', {
    class: 'mono',
    attrs: { type: 'text', inputmode: 'url', name: 'webhookUrl', required: true, autocomplete: 'off', spellcheck: 'false', placeholder: 'https://app.example.com/hooks/scim' },
    value: initial?.url ?? '',
  });
  const boxes = changeTypes.map((type) =>
    h('input', { attrs: { type: 'checkbox', name: 'changeTypes', value: type }, checked: initial ? initial.changeTypes.includes(type) : true }),
  );
  const fieldset = h(
    'fieldset',
    { class: 'change-types' },
    h('legend', null, 'Change types'),
    boxes.map((box) => h('label', { class: 'field checkbox' }, box, h('span', { class: 'mono' }, box.value))),
  );
  return {
    nodes: [field('Name', name), field('URL', url, 'HTTPS; plain HTTP only to hosts the operator allows.'), fieldset],
    values: () => ({ name: name.value.trim(), url: url.value.trim(), changeTypes: boxes.filter((b) => b.checked).map((b) => b.value) }),
  };
}
