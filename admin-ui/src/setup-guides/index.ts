/**
 * The setup guides, in the order they are offered: one file per identity provider, each saying which of this
 * directory's sign-in methods the provider supports and, for each, the provider's fields with the values to paste.
 */
import { ENTRA_GUIDE } from './entra.js';
import { GOOGLE_WORKSPACE_GUIDE } from './google-workspace.js';
import { JUMPCLOUD_GUIDE } from './jumpcloud.js';
import { OKTA_GUIDE } from './okta.js';
import { ONELOGIN_GUIDE } from './onelogin.js';
import { PINGFEDERATE_GUIDE } from './pingfederate.js';
import { PINGONE_GUIDE } from './pingone.js';
import type { ProviderGuide } from './types.js';

export { AUTH_METHODS, type AuthMethodId, type GuideField, type GuideValues, type MethodGuide, type ProviderGuide } from './types.js';

/** Every guide. */
export const SETUP_GUIDES: readonly ProviderGuide[] = [ENTRA_GUIDE, OKTA_GUIDE, ONELOGIN_GUIDE, JUMPCLOUD_GUIDE, GOOGLE_WORKSPACE_GUIDE, PINGONE_GUIDE, PINGFEDERATE_GUIDE];
