/**
 * A directory's settings (event log size, group PATCH answers, user linking on create), its declared roles and
 * entitlements with the groups mapped to roles, and its life cycle: rename, disable/enable, delete with everything
 * in it after typing its name.
 */
import type { PageContext } from '../context.js';
import { confirmButton, confirmInPlace } from '../confirm.js';
import { h } from '../dom.js';
import { link, navigate } from '../route.js';
import type { Tenant, TenantSettings } from '../types.js';
import { errorText, field, submitting } from '../widgets.js';
import { rateLimitForm } from '../rate-limit-settings.js';
import { guardForm } from '../guard-settings.js';
import { rolesSection } from './roles-section.js';

/** Renders the settings page. */
export async function settingsPage(ctx: PageContext, tenant: Tenant): Promise<Node> {
  const [{ settings }, roles] = await Promise.all([ctx.api.get<{ settings: TenantSettings }>(`api/tenants/${tenant.id}/settings`), rolesSection(ctx, tenant)]);
  const size = h('input', { attrs: { type: 'number', min: 0, max: 100000, step: 1, required: true, name: 'eventLogSize' }, value: String(settings.eventLogSize) });
  const patchMode = h(
    'select',
    { attrs: { name: 'groupPatchResponse' } },
    h('option', { attrs: { value: 'noContent', selected: settings.groupPatchResponse === 'noContent' } }, '204 No Content (what Entra ID and Okta expect)'),
    h('option', { attrs: { value: 'resource', selected: settings.groupPatchResponse === 'resource' } }, '200 with the group'),
  );
  const linking = h('input', { attrs: { type: 'checkbox', name: 'linkUsersOnConflict', id: 'link-users' }, checked: settings.linkUsersOnConflict });
  const error = errorText();
  const form = h(
    'form',
    {
      class: 'card',
      on: {
        submit: submitting(error, async () => {
          await ctx.api.patch(`api/tenants/${tenant.id}/settings`, {
            eventLogSize: Number(size.value),
            groupPatchResponse: patchMode.value,
            linkUsersOnConflict: linking.checked,
          });
          ctx.notify('Settings saved.');
          ctx.refresh();
        }),
      },
    },
    h('h2', null, 'Settings'),
    field('Event log size', size, 'How many recent requests the event log keeps (0 turns it off). Lowering it deletes older requests at once.'),
    field('Answer to a successful group PATCH', patchMode),
    h(
      'div',
      { class: 'field checkbox' },
      linking,
      h('label', { attrs: { for: 'link-users' } }, 'Link users on create'),
      h('p', { class: 'hint' }, 'When the identity provider creates a user whose userName exists already, answer with the existing user instead of 409 Conflict. Use it when users were created here before provisioning started.'),
    ),
    error,
    h('button', { attrs: { type: 'submit' } }, 'Save settings'),
  );

  const name = h('input', { attrs: { type: 'text', required: true, maxlength: 200 }, value: tenant.name });
  const renameError = errorText();
  const rename = h(
    'form',
    {
      class: 'card',
      on: {
        submit: async (event) => {
          event.preventDefault();
          try {
            await ctx.api.patch(`api/tenants/${tenant.id}`, { name: name.value });
            ctx.notify('Renamed.');
            ctx.refresh();
          } catch (e) {
            renameError.textContent = e instanceof Error ? e.message : String(e);
          }
        },
      },
    },
    h('h2', null, 'Name'),
    field('Directory name', name),
    renameError,
    h('button', { class: 'secondary', attrs: { type: 'submit' } }, 'Rename'),
  );

  const lifecycle = h('div', { class: 'actions' });
  const setEnabled = async (enabled: boolean): Promise<void> => {
    await ctx.api.patch(`api/tenants/${tenant.id}`, { enabled });
    ctx.notify(enabled ? 'Directory enabled.' : 'Directory disabled: SCIM requests now get 401.');
    ctx.refresh();
  };
  const lifecycleError = errorText();
  lifecycle.append(
    h(
      'button',
      {
        class: 'secondary',
        attrs: { type: 'button' },
        on: {
          // Disabling stops provisioning at once, so it asks first; enabling only restores it.
          click: () =>
            tenant.enabled
              ? confirmInPlace(lifecycle, {
                  title: `Disable “${tenant.name}”?`,
                  explanation:
                    'Every SCIM request to this directory gets 401 until it is enabled again, so the identity provider reports failures (and may stop or quarantine its provisioning job). Users, groups, tokens and the event log are kept.',
                  confirmLabel: 'Disable directory',
                  action: () => setEnabled(false),
                })
              : void setEnabled(true).catch((e: unknown) => {
                  lifecycleError.textContent = e instanceof Error ? e.message : String(e);
                }),
        },
      },
      tenant.enabled ? 'Disable directory…' : 'Enable directory',
    ),
    confirmButton(
      lifecycle,
      'Delete directory…',
      () => ({
        title: `Delete “${tenant.name}”?`,
        explanation: 'Deletes the directory with all its users, groups, tokens, event log and change feed. This cannot be undone. The identity provider will get 401 from now on.',
        confirmLabel: 'Delete directory',
        typeToConfirm: tenant.name,
        action: async () => {
          await ctx.api.delete(`api/tenants/${tenant.id}`, { confirm: tenant.name });
          ctx.notify(`Deleted “${tenant.name}”.`);
          navigate(link([]));
        },
      }),
    ),
  );
  return h(
    'div',
    null,
    form,
    rateLimitForm(ctx, tenant.id, settings),
    guardForm(ctx, tenant.id, settings),
    roles,
    rename,
    h(
      'section',
      { class: 'card danger-zone', attrs: { 'aria-labelledby': 'danger-title' } },
      h('h2', { attrs: { id: 'danger-title' } }, 'Disable or delete'),
      h('p', null, 'A disabled directory keeps its data and refuses SCIM requests (401) until enabled again.'),
      lifecycleError,
      lifecycle,
    ),
  );
}
