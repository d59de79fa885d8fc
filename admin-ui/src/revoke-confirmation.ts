/**
 * What revoking a credential asks first. Every revocation is confirmed; one used in the last hour is probably what
 * an identity provider is provisioning with right now, so its confirmation says when it was used and wants its name
 * typed, which a hurried click on the wrong row cannot give.
 */
import { relative } from './format.js';

/** A use this recent makes revoking ask for the credential's name. */
export const RECENT_USE_MS = 60 * 60 * 1000;

/** The confirmation's explanation and, for a recently used credential, the text to type. */
export function revokeConfirmation(
  credential: { readonly name: string; readonly lastUsedAt: string | null },
  what: string,
  now = Date.now(),
): { explanation: string; typeToConfirm?: string } {
  const base = `Requests with ${what} are refused at once (401). Make sure the identity provider has a newer credential.`;
  const used = credential.lastUsedAt ? Date.parse(credential.lastUsedAt) : NaN;
  if (Number.isNaN(used) || now - used > RECENT_USE_MS) return { explanation: base };
  return {
    explanation: `“${credential.name}” was used ${relative(credential.lastUsedAt, now)}: an identity provider may be provisioning with it now. ${base}`,
    typeToConfirm: credential.name,
  };
}
