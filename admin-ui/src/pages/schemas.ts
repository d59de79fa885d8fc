/**
 * A directory's extension schemas (`#/t/<tenant>/schemas`): each with the resource type it extends, who defined it
 * and its attributes; the directory's own can be changed, have an attribute removed or be removed, the
 * application's are read-only. `?form=new` adds one, `?edit=<urn>` changes one.
 */
import type { PageContext } from '../context.js';
import { h } from '../dom.js';
import { link } from '../route.js';
import { applySchemaChange } from '../schema-change.js';
import { schemaForm } from '../schema-form.js';
import type { AttributeDefinition, ListedSchema, Tenant } from '../types.js';
import { schemaTitle } from '../extension-attributes.js';
import { emptyState, errorText, table } from '../widgets.js';

function yes(flag: boolean): string {
  return flag ? 'yes' : 'no';
}

function attributeRow(a: AttributeDefinition, path: string, remove: HTMLElement | null | undefined): HTMLTableRowElement {
  return h(
    'tr',
    null,
    h('th', { class: 'mono', attrs: { scope: 'row' } }, path),
    h('td', null, a.multiValued ? `${a.type}, multi-valued` : a.type),
    h('td', null, yes(a.required)),
    h('td', null, yes(a.caseExact)),
    h('td', null, a.mutability),
    h('td', null, a.returned),
    h('td', null, a.uniqueness),
    h('td', null, (a.canonicalValues ?? []).join(', ') || '—'),
    h('td', null, a.description || '—'),
    remove === undefined ? null : h('td', null, remove),
  );
}

/** One schema as a card: what it is, its attributes, and for the directory's own the changes it allows. */
function schemaCard(ctx: PageContext, tenant: Tenant, schema: ListedSchema): HTMLElement {
  const own = schema.source === 'tenant';
  const title = schemaTitle(schema);
  const error = errorText();
  const actions = h('div', { class: 'actions' });
  const change = (host: HTMLElement, label: string, consequence: string, send: (force: boolean) => Promise<unknown>, notice: string): void => {
    error.textContent = '';
    applySchemaChange(host, {
      confirmLabel: label,
      consequence,
      resourceType: schema.resourceType,
      send: async (force) => void (await send(force)),
      done: () => {
        ctx.notify(notice);
        ctx.refresh();
      },
    }).catch((e: unknown) => (error.textContent = e instanceof Error ? e.message : String(e)));
  };
  const removeAttribute = (a: AttributeDefinition): HTMLElement | null | undefined => {
    if (!own) return undefined;
    if (schema.attributes.length < 2) return null;
    return h(
      'button',
      {
        class: 'secondary small',
        attrs: { type: 'button', 'aria-label': `Remove attribute ${a.name}` },
        on: {
          click: () => {
            const { source: _source, ...definition } = schema;
            const body = { ...definition, attributes: schema.attributes.filter((x) => x !== a) };
            change(actions, `Remove ${a.name}`, `Removing “${a.name}” from ${title}.`, (force) => ctx.api.post(`api/tenants/${tenant.id}/schemas`, force ? { ...body, force: true } : body), `Removed the attribute ${a.name}.`);
          },
        },
      },
      'Remove',
    );
  };
  const rows = schema.attributes.flatMap((a) => [attributeRow(a, a.name, removeAttribute(a)), ...(a.subAttributes ?? []).map((s) => attributeRow(s, `${a.name}.${s.name}`, own ? null : undefined))]);
  if (own) {
    const path = `api/tenants/${tenant.id}/schemas/${encodeURIComponent(schema.id)}`;
    actions.append(
      h('a', { class: 'button secondary', attrs: { href: link(['t', tenant.id, 'schemas'], { edit: schema.id }) } }, 'Change…'),
      h(
        'button',
        {
          class: 'danger',
          attrs: { type: 'button' },
          on: { click: () => change(actions, 'Remove schema', `Removing the schema ${title}.`, (force) => ctx.api.delete(force ? `${path}?force=true` : path), `Removed the extension schema ${schema.id}.`) },
        },
        'Remove schema',
      ),
    );
  }
  return h(
    'section',
    { class: 'card schema', attrs: { 'aria-label': title } },
    h('h3', null, title, ' ', h('span', { class: 'badge muted' }, schema.resourceType)),
    h('p', { class: 'urn mono' }, schema.id),
    h('p', { class: 'hint' }, own ? 'Defined in this directory.' : 'Declared by the application: read-only here.'),
    schema.description ? h('p', null, schema.description) : null,
    table(`Attributes of ${title}`, ['Attribute', 'Type', 'Required', 'Case exact', 'Mutability', 'Returned', 'Uniqueness', 'Canonical values', 'Description', ...(own ? ['Remove'] : [])], rows, { hideCaption: true }),
    error,
    own ? actions : null,
  );
}

/** Renders the schemas page, or the form to add or change one. */
export async function schemasPage(ctx: PageContext, tenant: Tenant): Promise<Node> {
  const { schemas } = await ctx.api.get<{ schemas: ListedSchema[] }>(`api/tenants/${tenant.id}/schemas`);
  const editing = ctx.route.query.get('edit');
  if (ctx.route.query.get('form') === 'new') return schemaForm(ctx, tenant);
  if (editing !== null) {
    const schema = schemas.find((s) => s.id.toLowerCase() === editing.toLowerCase() && s.source === 'tenant');
    if (schema) return schemaForm(ctx, tenant, schema);
  }
  const add = h('a', { class: 'button', attrs: { href: link(['t', tenant.id, 'schemas'], { form: 'new' }) } }, 'Add an extension schema');
  return h(
    'div',
    null,
    h('h2', null, 'Extension schemas'),
    h('p', null, 'Attributes beyond the core and enterprise ones that the identity provider sends under their own URN. Users and groups keep, return and filter by the attributes defined here; others are ignored and named in the event log.'),
    h('p', null, add),
    schemas.length === 0
      ? emptyState('No extension schemas yet.', h('p', null, 'Add one with the URN and attributes your identity provider sends, e.g. Entra ID’s urn:ietf:params:scim:schemas:extension:<Name>:2.0:User.'))
      : schemas.map((s) => schemaCard(ctx, tenant, s)),
    h('p', null, h('a', { attrs: { href: link(['t', tenant.id, 'users']) } }, 'Filter users by an extension attribute'), ' with a SCIM filter such as ', h('code', null, 'urn:…:2.0:User:costCenter eq "CC-42"'), '.'),
  );
}
