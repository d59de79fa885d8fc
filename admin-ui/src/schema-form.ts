/**
 * The schema editor's form: an extension schema's URN, the resource type it extends, its name and description and
 * its attributes, sent as RFC 7643 §7's representation with `resourceType` beside it. Editing an existing schema
 * keeps its URN and replaces its definition; a change that drops values resources hold is confirmed with the count.
 */
import type { PageContext } from './context.js';
import { h, uid } from './dom.js';
import { link, navigate } from './route.js';
import { applySchemaChange } from './schema-change.js';
import { attributeList } from './attribute-editor.js';
import type { ListedSchema, Tenant } from './types.js';
import { schemaTitle } from './extension-attributes.js';
import { errorText, field } from './widgets.js';

/** Entra ID's and the RFC's extension URNs carry a name (`urn:…:extension:ContosoHR:2.0:User`): the default name. */
function nameInUrn(urn: string): { name?: string } {
  const named = /:extension:([^:]+):[^:]+:(User|Group)$/i.exec(urn)?.[1];
  return named ? { name: named } : {};
}

/** The form to define a schema, or to change `editing`. */
export function schemaForm(ctx: PageContext, tenant: Tenant, editing?: ListedSchema): HTMLElement {
  const urn = h('input', {
    class: 'mono',
    attrs: { type: 'text', required: true, maxlength: 450, autocomplete: 'off', spellcheck: 'false', readonly: editing !== undefined, placeholder: 'urn:ietf:params:scim:schemas:extension:Acme:2.0:User' },
    value: editing?.id ?? '',
  });
  const resourceType = h('select', null, ['User', 'Group'].map((t) => h('option', { attrs: { value: t, selected: t === (editing?.resourceType ?? 'User') } }, t)));
  const name = h('input', { attrs: { type: 'text', maxlength: 1000, autocomplete: 'off' }, value: editing?.name ?? '' });
  const description = h('input', { attrs: { type: 'text', maxlength: 1000 }, value: editing?.description ?? '' });
  const attributes = attributeList(false, editing?.attributes ?? []);
  if (!editing) attributes.add();
  const error = errorText();
  const actions = h('div', { class: 'actions' });
  // The buttons sit outside the form (tied to it by `form`), so the confirmation panel that replaces them is not
  // a form nested in a form.
  const formId = uid('schema-form');
  const save = h('button', { attrs: { type: 'submit', form: formId } }, editing ? 'Save changes' : 'Add schema');
  const cancel = h('a', { class: 'button secondary', attrs: { href: link(['t', tenant.id, 'schemas']) } }, 'Cancel');
  actions.append(save, cancel);
  const definition = (): Record<string, unknown> => ({
    resourceType: resourceType.value,
    id: urn.value.trim(),
    ...(name.value.trim() ? { name: name.value.trim() } : nameInUrn(urn.value.trim())),
    description: description.value.trim(),
    attributes: attributes.read(),
  });
  const form = h(
    'form',
    {
      attrs: { id: formId, 'aria-labelledby': 'schema-form-title' },
      on: {
        submit: async (event) => {
          event.preventDefault();
          error.textContent = '';
          const body = definition();
          try {
            await applySchemaChange(actions, {
              confirmLabel: 'Save anyway',
              consequence: 'Saving removes attributes, or changes their type or multi-valued, that resources hold values of.',
              resourceType: resourceType.value === 'Group' ? 'Group' : 'User',
              send: (force) => ctx.api.post(`api/tenants/${tenant.id}/schemas`, force ? { ...body, force: true } : body),
              done: () => {
                ctx.notify(`Saved the extension schema ${String(body.id)}.`);
                navigate(link(['t', tenant.id, 'schemas']));
              },
            });
          } catch (e) {
            error.textContent = e instanceof Error ? e.message : String(e);
          }
        },
      },
    },
    h('h2', { attrs: { id: 'schema-form-title' } }, editing ? `Change ${schemaTitle(editing)}` : 'Add an extension schema'),
    field('Schema URN', urn, editing ? 'The URN names the schema; to rename it, add a new one.' : 'Entra ID sends custom attributes under urn:ietf:params:scim:schemas:extension:<Name>:2.0:User; Okta under the URN you choose in its attribute editor.'),
    field('Extends', resourceType),
    field('Name', name, 'Shown on user and group pages; defaults to the name in the URN (ContosoHR in urn:…:extension:ContosoHR:2.0:User).'),
    field('Description', description),
    h('h3', null, 'Attributes'),
    attributes.root,
  );
  return h('div', { class: 'card schema-form' }, form, error, actions);
}
