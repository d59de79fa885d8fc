/**
 * SCIM protocol errors (RFC 7644 §3.12). Every layer throws {@link ScimError}; the HTTP edge turns it into the
 * SCIM error body `{"schemas":[ERROR_SCHEMA],"status":"400","scimType":"invalidFilter","detail":"…"}`.
 */

/** The SCIM error message schema URN (RFC 7644 §3.12). */
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** `scimType` values of RFC 7644 §3.12 table 9, plus the RFC 9865 cursor errors. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive'
  | 'invalidCursor'
  | 'expiredCursor';

/** The JSON body of a SCIM error response. */
export interface ScimErrorBody {
  readonly schemas: readonly [typeof ERROR_SCHEMA];
  readonly status: string;
  readonly scimType?: ScimType;
  readonly detail: string;
}

/** A protocol-level failure with its HTTP status, optional `scimType` and a detail that says where. */
export class ScimError extends Error {
  /** HTTP status code. */
  readonly status: number;
  /** RFC 7644 §3.12 error type, where one applies. */
  readonly scimType: ScimType | undefined;

  constructor(status: number, detail: string, scimType?: ScimType) {
    super(detail);
    this.name = 'ScimError';
    this.status = status;
    this.scimType = scimType;
  }

  /** The human-readable detail. */
  get detail(): string {
    return this.message;
  }

  /** The RFC 7644 §3.12 response body. */
  toBody(): ScimErrorBody {
    return {
      schemas: [ERROR_SCHEMA],
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
      detail: this.message,
    };
  }
}

/** 400 invalidFilter: "The specified filter syntax was invalid … or the specified attribute and filter comparison combination is not supported." */
export const invalidFilter = (detail: string): ScimError => new ScimError(400, detail, 'invalidFilter');
/** 400 invalidSyntax: "The request body message structure was invalid or did not conform to the request schema." */
export const invalidSyntax = (detail: string): ScimError => new ScimError(400, detail, 'invalidSyntax');
/** 400 invalidPath: "The 'path' attribute was invalid or malformed." */
export const invalidPath = (detail: string): ScimError => new ScimError(400, detail, 'invalidPath');
/** 400 noTarget: "The specified 'path' did not yield an attribute or attribute value that could be operated on." */
export const noTarget = (detail: string): ScimError => new ScimError(400, detail, 'noTarget');
/** 400 invalidValue: "A required value was missing, or the value specified was not compatible with the operation or attribute type." */
export const invalidValue = (detail: string): ScimError => new ScimError(400, detail, 'invalidValue');
/** 400 mutability: "The attempted modification is not compatible with the target attribute's mutability." */
export const mutability = (detail: string): ScimError => new ScimError(400, detail, 'mutability');
/** 400 tooMany: "The specified filter yields many more results than the server is willing to calculate or process." */
export const tooMany = (detail: string): ScimError => new ScimError(400, detail, 'tooMany');
/** 409 uniqueness: "One or more of the attribute values are already in use or are reserved." */
export const uniqueness = (detail: string): ScimError => new ScimError(409, detail, 'uniqueness');
/** 400 invalidVers: "The specified SCIM protocol version is not supported." */
export const invalidVers = (detail: string): ScimError => new ScimError(400, detail, 'invalidVers');
/** 404 Resource not found. */
export const notFound = (detail: string): ScimError => new ScimError(404, detail);
/** 412 Precondition failed: the resource changed since the version in `If-Match` (RFC 7644 §3.14). */
export const preconditionFailed = (detail: string): ScimError => new ScimError(412, detail);
/** 400 without a scimType, for parameters that are malformed. */
export const badRequest = (detail: string): ScimError => new ScimError(400, detail);
