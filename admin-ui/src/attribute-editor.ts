/**
 * The attribute rows of the schema editor: each attribute a fieldset with its RFC 7643 §7 characteristics (name,
 * type, multiValued, required, caseExact, mutability, returned, uniqueness, canonicalValues, description), a
 * complex one with its own list of sub-attributes (which cannot be complex themselves, RFC 7643 §2.3.8).
 */
import { h, uid } from './dom.js';
import type { AttributeDefinition } from './types.js';
import { field } from './widgets.js';

const TYPES = ['string', 'boolean', 'integer', 'decimal', 'dateTime', 'reference', 'complex'] as const;
const MUTABILITY = ['readWrite', 'readOnly', 'immutable', 'writeOnly'] as const;
const RETURNED = ['default', 'always', 'request', 'never'] as const;
const UNIQUENESS = ['none', 'server', 'global'] as const;

function select(options: readonly string[], value: string | undefined): HTMLSelectElement {
  return h('select', null, options.map((o) => h('option', { attrs: { value: o, selected: o === value } }, o)));
}

function checkbox(label: string, checked: boolean): { root: HTMLElement; input: HTMLInputElement } {
  const input = h('input', { attrs: { type: 'checkbox', id: uid('cb') }, checked });
  return { root: h('div', { class: 'field checkbox' }, input, h('label', { attrs: { for: input.id } }, label)), input };
}

/** An editable list of attributes (or of a complex attribute's sub-attributes). */
export interface AttributeList {
  readonly root: HTMLElement;
  /** Adds an attribute row, empty or filled from a definition, and focuses its name. */
  add(initial?: AttributeDefinition, focus?: boolean): void;
  /** The attributes as RFC 7643 §7 JSON. */
  read(): Record<string, unknown>[];
}

/** Builds an attribute list; `nested` for sub-attributes (no complex type, labelled "Sub-attribute"). */
export function attributeList(nested: boolean, initial: readonly AttributeDefinition[] = []): AttributeList {
  const noun = nested ? 'Sub-attribute' : 'Attribute';
  const rows: { root: HTMLFieldSetElement; legend: HTMLElement; read(): Record<string, unknown> }[] = [];
  const items = h('div', { class: nested ? 'attribute-list nested' : 'attribute-list' });
  const renumber = (): void => rows.forEach((row, i) => (row.legend.textContent = `${noun} ${i + 1}`));

  function add(definition?: AttributeDefinition, focus = false): void {
    const name = h('input', { attrs: { type: 'text', required: true, maxlength: 128, pattern: '[A-Za-z][A-Za-z0-9_\\-]*', autocomplete: 'off', spellcheck: 'false' }, value: definition?.name ?? '' });
    const type = select(nested ? TYPES.filter((t) => t !== 'complex') : TYPES, definition?.type ?? 'string');
    const description = h('input', { attrs: { type: 'text', maxlength: 1000 }, value: definition?.description ?? '' });
    const multiValued = checkbox('Multi-valued', definition?.multiValued ?? false);
    const required = checkbox('Required', definition?.required ?? false);
    const caseExact = checkbox('Case exact', definition?.caseExact ?? false);
    const mutability = select(MUTABILITY, definition?.mutability);
    const returned = select(RETURNED, definition?.returned);
    const uniqueness = select(UNIQUENESS, definition?.uniqueness);
    const canonical = h('input', { attrs: { type: 'text', autocomplete: 'off' }, value: (definition?.canonicalValues ?? []).join(', ') });
    const subs = nested ? undefined : attributeList(true, definition?.subAttributes ?? []);
    const subsBox = subs ? h('div', { class: 'sub-attributes' }, h('p', { class: 'hint' }, 'A complex attribute holds these sub-attributes.'), subs.root) : undefined;
    const showSubs = (): void => {
      if (!subsBox || !subs) return;
      subsBox.hidden = type.value !== 'complex';
      if (!subsBox.hidden && subs.read().length === 0) subs.add();
    };
    type.addEventListener('change', showSubs);
    const legend = h('legend', null, '');
    const remove = h('button', { class: 'secondary small', attrs: { type: 'button' } }, `Remove ${noun.toLowerCase()}`);
    const root = h(
      'fieldset',
      { class: 'attribute-editor' },
      legend,
      h(
        'div',
        { class: 'attribute-fields' },
        field('Name', name, 'A letter, then letters, digits, "-" or "_"'),
        field('Type', type),
        field('Mutability', mutability),
        field('Returned', returned),
        field('Uniqueness', uniqueness),
        field('Canonical values', canonical, 'Comma-separated, optional'),
        field('Description', description),
      ),
      h('div', { class: 'row attribute-flags' }, multiValued.root, required.root, caseExact.root),
      subsBox,
      h('div', { class: 'row' }, remove),
    );
    const row = {
      root,
      legend,
      read(): Record<string, unknown> {
        const values = canonical.value.split(',').map((v) => v.trim()).filter(Boolean);
        return {
          name: name.value.trim(),
          type: type.value,
          multiValued: multiValued.input.checked,
          required: required.input.checked,
          caseExact: caseExact.input.checked,
          mutability: mutability.value,
          returned: returned.value,
          uniqueness: uniqueness.value,
          description: description.value.trim(),
          ...(values.length > 0 ? { canonicalValues: values } : {}),
          // Not edited here: a reference keeps the types it was defined with (the API defaults them to "external").
          ...(type.value === 'reference' && definition?.referenceTypes ? { referenceTypes: definition.referenceTypes } : {}),
          ...(subs && type.value === 'complex' ? { subAttributes: subs.read() } : {}),
        };
      },
    };
    remove.addEventListener('click', () => {
      rows.splice(rows.indexOf(row), 1);
      root.remove();
      renumber();
      addButton.focus();
    });
    rows.push(row);
    items.append(root);
    if (subsBox) subsBox.hidden = type.value !== 'complex';
    renumber();
    if (focus) name.focus();
  }

  const addButton = h('button', { class: 'secondary', attrs: { type: 'button' }, on: { click: () => add(undefined, true) } }, `Add ${noun.toLowerCase()}`);
  for (const definition of initial) add(definition);
  return { root: h('div', null, items, addButton), add, read: () => rows.map((row) => row.read()) };
}
