/**
 * How long each identity provider may stay silent before a tenant counts as quiet. Entra ID runs an incremental
 * provisioning cycle about every 40 minutes and, after the first cycle, sends requests only for changes; quiet
 * after 2 hours means three cycles passed without a request. Okta, OneLogin, JumpCloud and Ping push changes as
 * they happen and have no fixed cycle (Okta's scheduled imports read from the application, not into it); Google
 * Workspace syncs about hourly. For those a working day without a request is the sign worth showing: 24 hours.
 * A quiet tenant is not necessarily broken (a directory without changes is silent too); the state says to look.
 */

const HOUR_MS = 60 * 60 * 1000;

/** Silence after which a tenant of each provider counts as quiet, in ms; `default` for unknown providers. */
export const QUIET_AFTER_MS: Readonly<Record<string, number>> = Object.freeze({
  entra: 2 * HOUR_MS,
  google: 24 * HOUR_MS,
  okta: 24 * HOUR_MS,
  onelogin: 24 * HOUR_MS,
  jumpcloud: 24 * HOUR_MS,
  ping: 24 * HOUR_MS,
  default: 24 * HOUR_MS,
});

/** The quiet threshold of a provider (by the name the event log stores), in ms. */
export function quietAfterMs(provider: string | null | undefined): number {
  return (provider ? QUIET_AFTER_MS[provider] : undefined) ?? (QUIET_AFTER_MS.default as number);
}
