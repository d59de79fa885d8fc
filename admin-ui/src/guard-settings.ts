/**
 * The settings page's deprovisioning-guard form: on or off, and its threshold (share of active users, minimum
 * count, sliding window). The page says plainly what holding a deactivation costs: the person keeps their access.
 */
import type { PageContext } from './context.js';
import { h } from './dom.js';
import { link } from './route.js';
import type { TenantSettings } from './types.js';
import { errorText, field, submitting } from './widgets.js';

/** The form. */
export function guardForm(ctx: PageContext, tenantId: string, settings: TenantSettings): HTMLElement {
  const enabled = h('input', { attrs: { type: 'checkbox', name: 'deprovisioningGuard', id: 'deprovisioning-guard' }, checked: settings.deprovisioningGuard });
  const number = (name: string, min: number, max: number, value: number): HTMLInputElement =>
    h('input', { attrs: { type: 'number', min, max, step: 1, required: true, name }, value: String(value) });
  const percent = number('deprovisioningGuardPercent', 1, 100, settings.deprovisioningGuardPercent);
  const minimum = number('deprovisioningGuardMinimum', 1, 1000000, settings.deprovisioningGuardMinimum);
  const windowMinutes = number('deprovisioningGuardWindowMinutes', 1, 10080, settings.deprovisioningGuardWindowMinutes);
  const error = errorText();
  return h(
    'form',
    {
      class: 'card',
      attrs: { id: 'guard-form' },
      on: {
        submit: submitting(error, async () => {
          await ctx.api.patch(`api/tenants/${tenantId}/settings`, {
            deprovisioningGuard: enabled.checked,
            deprovisioningGuardPercent: Number(percent.value),
            deprovisioningGuardMinimum: Number(minimum.value),
            deprovisioningGuardWindowMinutes: Number(windowMinutes.value),
          });
          ctx.notify('Deprovisioning guard saved.');
          ctx.refresh();
        }),
      },
    },
    h('h2', null, 'Deprovisioning guard'),
    h(
      'p',
      { class: 'hint' },
      'When the identity provider deactivates or deletes more users in a short time than the threshold below (a scope change or a broken group assignment can remove half a company), further deactivations and deletions are held: the identity provider is answered as usual, but the application keeps the users as they were until you approve or discard the changes under ',
      h('a', { attrs: { href: link(['t', tenantId, 'held']) } }, 'Held changes'),
      '.',
    ),
    h('p', { class: 'warning', attrs: { role: 'note' } }, 'A held deactivation keeps a departed person’s access to the application until you approve it. Turn the guard on knowingly, and review held changes promptly.'),
    h('div', { class: 'field checkbox' }, enabled, h('label', { attrs: { for: 'deprovisioning-guard' } }, 'Hold mass deactivations and deletions')),
    field('More than this % of active users', percent),
    field('And at least this many users', minimum),
    field('Within (minutes)', windowMinutes, 'A sliding window: departures older than this no longer count.'),
    error,
    h('button', { attrs: { type: 'submit' } }, 'Save guard'),
  );
}
