/**
 * The settings page's rate-limit form: requests per second and burst of one directory, saved on their own.
 */
import type { PageContext } from './context.js';
import { h } from './dom.js';
import { errorText, field, submitting } from './widgets.js';

/** The stored limits of a tenant. */
export interface RateLimitSettings {
  readonly rateLimitPerSecond: number;
  readonly rateLimitBurst: number;
}

/** The form. */
export function rateLimitForm(ctx: PageContext, tenantId: string, settings: RateLimitSettings): HTMLElement {
  const perSecond = h('input', { attrs: { type: 'number', min: 0, max: 100000, step: 1, required: true, name: 'rateLimitPerSecond' }, value: String(settings.rateLimitPerSecond) });
  const burst = h('input', { attrs: { type: 'number', min: 1, max: 1000000, step: 1, required: true, name: 'rateLimitBurst' }, value: String(settings.rateLimitBurst) });
  const error = errorText();
  return h(
    'form',
    {
      class: 'card',
      attrs: { id: 'rate-limit-form' },
      on: {
        submit: submitting(error, async () => {
          await ctx.api.patch(`api/tenants/${tenantId}/settings`, { rateLimitPerSecond: Number(perSecond.value), rateLimitBurst: Number(burst.value) });
          ctx.notify('Rate limit saved.');
        }),
      },
    },
    h('h2', null, 'Rate limit'),
    h('p', { class: 'hint' }, 'Requests beyond the limit get 429 with Retry-After, which identity providers wait out. Keep it well above the provider’s pace: a limit that refuses for long makes provisioning fail.'),
    field('Requests per second', perSecond, 'Sustained rate per server instance; a Bulk request counts each operation. 0 turns the limit off.'),
    field('Burst', burst, 'Requests allowed at once above the sustained rate.'),
    error,
    h('button', { attrs: { type: 'submit' } }, 'Save rate limit'),
  );
}
