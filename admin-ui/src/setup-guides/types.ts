/**
 * The shape of a setup guide: for one identity provider, the steps around its provisioning form and, for each
 * sign-in method this directory offers, whether the provider supports it and, if so, its form's fields by the names
 * the provider gives them with the values of this directory to paste. Guides are data in plain strings; the view
 * (setup-guide-view.ts) renders them as text, with `backticked` parts as code.
 */

/** The sign-in methods this directory accepts from an identity provider. */
export type AuthMethodId = 'bearer' | 'oauth' | 'federation';

/** The methods, in the order they are offered, with the names the UI gives them. */
export const AUTH_METHODS: readonly { readonly id: AuthMethodId; readonly name: string }[] = [
  { id: 'bearer', name: 'Bearer token' },
  { id: 'oauth', name: 'OAuth 2.0 client credentials' },
  { id: 'federation', name: 'Workload identity federation' },
];

/** This directory's values a guide fills in. */
export interface GuideValues {
  /** The tenant's SCIM base URL, ending in `/v2`. */
  readonly scimUrl: string;
  /** The tenant's token endpoint, `<mount>/<tenant-id>/oauth/token`. */
  readonly tokenEndpoint: string;
  /** The client id of the OAuth client chosen on the page, when the directory has one. */
  readonly clientId?: string;
  /** The client id of the trust chosen on the page, when the directory has one. */
  readonly trustClientId?: string;
}

/** One field of the provider's form: its name there, and the value to paste or what to put in it. */
export interface GuideField {
  /** The field's name exactly as the provider's UI shows it. */
  readonly label: string;
  /** The value to paste, when this directory knows it. */
  readonly value?: string;
  /** What to put there when there is no value to show (a secret shown once), or a remark beside the value. */
  readonly hint?: string;
}

/** How one provider does one method. */
export type MethodGuide =
  | {
      readonly supported: true;
      /** Where in the provider's form the method is chosen. */
      readonly where: string;
      /** What to create in this directory first, if anything. */
      readonly prepare?: string;
      readonly fields: (values: GuideValues) => readonly GuideField[];
    }
  | { readonly supported: false; readonly why: string };

/** One identity provider's guide. */
export interface ProviderGuide {
  readonly id: string;
  readonly name: string;
  /** Steps up to the provisioning form. */
  readonly setup: readonly string[];
  readonly methods: Readonly<Record<AuthMethodId, MethodGuide>>;
  /** Where the provider is told which attribute identifies a user: `userName`, the one kept unique here. */
  readonly userIdentifier: string;
  /** Steps after the form: test, assignments, switching provisioning on. */
  readonly after: readonly string[];
  /** What the provider does that is not textbook SCIM, and what this directory does about it. */
  readonly quirks: readonly string[];
}

/** What to paste where a secret token goes: it is shown once, so the guide cannot show it. */
export const TOKEN_HINT = 'a token of this directory (Tokens page; shown once when issued — issue a new one if it is lost)';

/** What to paste where a client secret goes. */
export const CLIENT_SECRET_HINT = 'the secret of that OAuth client (shown once when the client is created or its secret rotated)';

/** The chosen OAuth client's id under the provider's `label`, or what to do when the directory has none. */
export function clientIdField(label: string, values: GuideValues): GuideField {
  return values.clientId ? { label, value: values.clientId } : { label, hint: 'create an OAuth client on the Tokens page; its client id goes here' };
}

/** The chosen trust's client id under the provider's `label`, or what to do when the directory has none. */
export function trustIdField(label: string, values: GuideValues): GuideField {
  return values.trustClientId ? { label, value: values.trustClientId } : { label, hint: 'create a trust on the Tokens page; its client id goes here' };
}
