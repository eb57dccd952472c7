import { isAppError } from '../domain/errors.ts';
import type { ErrorCode } from '../domain/errors.ts';

/** HTTP status and public message per error code. The only place that knows HTTP statuses. */
const table: Record<ErrorCode, [number, string]> = {
  ERR_VALIDATION: [400, 'The request is not valid.'],
  ERR_BAD_URL: [400, 'The request URL is malformed.'],
  ERR_BAD_CONTENT_ENCODING: [400, 'The request body does not match its Content-Encoding.'],
  ERR_NOT_FOUND: [404, 'Not found.'],
  ERR_PAYLOAD_TOO_LARGE: [413, 'The request body is too large.'],
  ERR_UNSUPPORTED_MEDIA_TYPE: [415, 'Unsupported content type.'],
  ERR_UNAUTHENTICATED: [401, 'Authentication is required.'],
  ERR_FORBIDDEN: [403, 'Not allowed.'],
  ERR_CONFLICT: [409, 'The request conflicts with the current state.'],
  ERR_RATE_LIMITED: [429, 'Too many requests; try again later.'],
  ERR_STORE_UNAVAILABLE: [503, 'A backing service is unavailable; try again shortly.'],
  ERR_NOT_READY: [503, 'The service is not ready.'],
  ERR_SHUTTING_DOWN: [503, 'The service is shutting down.'],
  ERR_AUDIT_CONTENTION: [503, 'The service is busy; try again shortly.'],
  ERR_AUDIT_TAMPERED: [503, 'The service is not available.'],
  ERR_SEAL_NOT_GRANTED: [403, 'You have not been granted the use of this seal.'],
  ERR_SEAL_OTHER_ORGANISATION: [403, 'This seal belongs to another organisation.'],
  ERR_SEAL_NOT_ACTIVE: [409, 'This seal has not been approved yet.'],
  ERR_SEAL_SUSPENDED: [409, 'This seal is suspended.'],
  ERR_SEAL_REVOKED: [409, 'This seal has been revoked.'],
  ERR_SEAL_EXPIRED: [409, 'This seal has expired.'],
  ERR_SEAL_TWO_PERSON_RULE: [403, 'A seal must be approved by someone other than its applicant.'],
  ERR_SEAL_TRANSITION: [409, 'The seal cannot change to that state from its current one.'],
  ERR_SEAL_IMAGE_INVALID: [422, 'The seal image is not acceptable.'],
  ERR_STEP_UP_REQUIRED: [401, 'Please confirm your identity again with a one-time code or a stronger method.'],
  ERR_DOCUMENT_INVALID: [422, 'The document cannot be read as an unencrypted PDF.'],
  ERR_OFD_INVALID: [422, 'The file is a ZIP package but cannot be read as an OFD document.'],
  ERR_SES_INVALID: [422, 'The file cannot be read as electronic seal signature data (GB/T 38540 or GM/T 0031).'],
  ERR_SES_NOT_A_LICENCE: [422, 'This seal signature is not a licence registered here; check it together with the data it signs (POST /api/seals/verify-signature).'],
  ERR_FILE_KIND_UNKNOWN: [422, 'The file is neither a PDF, an OFD document nor electronic seal signature data.'],
  ERR_DOCUMENT_TOO_COMPLEX: [422, 'The document takes more to read than any document may (decoded size, objects or time).'],
  ERR_BUSY: [503, 'The service is busy reading other documents; try again shortly.'],
  ERR_TRUST_LIST_INVALID: [422, 'The trust list is malformed or its signature does not verify.'],
  ERR_PLACEMENT_INVALID: [422, 'The page or position of the seal is outside the document.'],
  ERR_KEYWORD_NOT_FOUND: [422, 'The keyword that places the seal does not occur in the document text.'],
  ERR_CROSS_PAGE_TOO_FEW_PAGES: [422, 'A cross-page seal needs a document of at least two pages.'],
  ERR_LICENCE_TRANSITION: [409, 'The licence cannot take that step from its current status.'],
  ERR_LICENCE_KEY_REUSED: [409, 'This idempotency key was used for a different request.'],
  ERR_LICENCE_OTHER_ISSUER: [403, 'This licence type or licence belongs to another issuing department.'],
  ERR_LICENCE_SHARE_EXPIRED: [410, 'This shared licence has expired or was withdrawn by its holder.'],
  ERR_LICENCE_USE_UNKNOWN_ITEM: [404, 'No such service item.'],
  ERR_LICENCE_USE_NOT_GRANTED: [403, 'This app may not use licences for this service item.'],
  ERR_LICENCE_USE_NOT_LISTED: [422, "The request asks for a licence type or field outside the service item's licence list."],
  ERR_LICENCE_USE_NO_CONSENT: [403, "There is no such consent of the holder for this app and service item."],
  ERR_LICENCE_USE_CONSENT_ENDED: [403, 'The consent has expired, was used already or was withdrawn by the holder.'],
  ERR_LICENCE_USE_OTHER_HOLDER: [403, 'The consent was not given for this holder.'],
  ERR_LICENCE_USE_NO_LEGAL_BASIS: [403, 'This app has no legal basis to use licences for this service item without consent.'],
  ERR_LICENCE_USE_HOLDER_MALFORMED: [400, "The holder's identity type or number is malformed."],
  ERR_LICENCE_USE_REQUEST_MALFORMED: [400, 'This is not a licence-use request code or the link it is shown as.'],
  ERR_LICENCE_USE_REQUEST_UNKNOWN: [404, 'This licence-use request is unknown.'],
  ERR_LICENCE_USE_REQUEST_EXPIRED: [410, 'This licence-use request has expired; ask the window for a new code.'],
  ERR_LICENCE_USE_REQUEST_USED: [409, 'This licence-use request code has already been used.'],
  ERR_LICENCE_USE_REQUEST_NOT_SCANNED: [409, 'This licence-use request has not been scanned yet.'],
  ERR_LICENCE_USE_REQUEST_NOT_APPROVED: [409, 'The holder has not approved this licence-use request.'],
  ERR_LICENCE_USE_REQUEST_OTHER_WINDOW: [403, 'This licence-use request belongs to another system.'],
  ERR_LICENCE_USE_REQUEST_LEVEL: [403, 'Approving a licence-use request needs a phone session at level L2 or higher.'],
  ERR_CERT_LOGIN_CHALLENGE: [401, 'The sign-in challenge is unknown, expired, already used or for another sign-in; fetch a new one.'],
  ERR_CERT_LOGIN_SIGNATURE: [401, "The signature does not verify with the certificate's key."],
  ERR_CERT_LOGIN_UNTRUSTED: [401, 'The certificate was not issued by a certification authority trusted for sign-in.'],
  ERR_CERT_LOGIN_USAGE: [401, 'The certificate may not be used for signing in (key usage).'],
  ERR_CERT_LOGIN_EXPIRED: [401, 'The certificate has expired or is not valid yet.'],
  ERR_CERT_LOGIN_REVOKED: [401, 'The certificate has been revoked.'],
  ERR_CERT_LOGIN_REVOCATION_UNKNOWN: [401, 'The revocation status of the certificate cannot be confirmed.'],
  ERR_CERT_LOGIN_UNMAPPED: [403, 'The certificate is not linked to any account.'],
  ERR_CERT_LOGIN_MISMATCH: [403, 'The certificate does not match the account it names.'],
  ERR_QR_LOGIN_UNKNOWN: [404, 'This QR login code is unknown.'],
  ERR_QR_LOGIN_EXPIRED: [410, 'This QR login code has expired or was replaced by a newer one; scan the code now on the screen.'],
  ERR_QR_LOGIN_USED: [409, 'This QR login code has already been used.'],
  ERR_QR_LOGIN_NOT_SCANNED: [409, 'This QR login code has not been scanned yet.'],
  ERR_QR_LOGIN_NOT_CONFIRMED: [409, 'The sign-in has not been confirmed on the phone yet.'],
  ERR_QR_LOGIN_DECLINED: [409, 'The sign-in was declined on the phone.'],
  ERR_QR_LOGIN_OTHER_INTERACTION: [403, 'This QR login code belongs to another sign-in.'],
  ERR_QR_LOGIN_LEVEL: [403, 'Confirming a sign-in needs a phone session at level L2 or higher.'],
  ERR_REAL_NAME_MISMATCH: [422, 'The name and the ID number do not match.'],
  ERR_ID_NUMBER_TAKEN: [409, 'The ID number belongs to another account.'],
  ERR_INTERNAL: [500, 'Internal error.'],
};

export interface HttpError {
  status: number;
  body: { error: { code: string; message: string; issues?: unknown } };
}

/** Map any thrown value to a status and a public body without internals. */
export function toHttpError(thrown: unknown): HttpError {
  // The provider's storage wraps a store outage in its own error (oidc/store-unavailable.ts).
  const cause = (thrown as { cause?: unknown } | null)?.cause;
  const e = !isAppError(thrown) && isAppError(cause) ? cause : thrown;
  if (isAppError(e)) {
    const [status, message] = table[e.code];
    // Validation and licence refusals name the offending fields (never their values); nothing else is passed on.
    const issues = e.code === 'ERR_VALIDATION' || e.code.startsWith('ERR_LICENCE_') ? e.details?.issues : undefined;
    return { status, body: { error: { code: e.code, message, ...(issues ? { issues } : {}) } } };
  }
  const [status, message] = table.ERR_INTERNAL;
  return { status, body: { error: { code: 'ERR_INTERNAL', message } } };
}

export function statusOf(code: ErrorCode): number {
  return table[code][0];
}

/** A quoted-string value for a challenge parameter (RFC 9110 §5.6.4). */
const quoted = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;

/**
 * The `WWW-Authenticate` challenge answering a refusal by a bearer-token API, or null: RFC 6750
 * for a missing or dead token (401) and a token without the API's scope or rights (403), and
 * RFC 9470 for a sign-in that is too weak or too old, naming the `acr_values` and `max_age` the
 * refusal carries in its details so that the app can send the user to sign in again with them.
 */
export function bearerChallenge(e: unknown, scope: string | null, tokenPresented: boolean): string | null {
  if (!isAppError(e)) return null;
  const realm = 'Bearer realm="yinxin"';
  if (e.code === 'ERR_UNAUTHENTICATED') return tokenPresented ? `${realm}, error="invalid_token"` : realm;
  if (e.code === 'ERR_FORBIDDEN') return `${realm}, error="insufficient_scope"${scope === null ? '' : `, scope=${quoted(scope)}`}`;
  if (e.code === 'ERR_STEP_UP_REQUIRED') {
    const acrValues = e.details?.acrValues;
    const maxAge = e.details?.maxAge;
    return [
      `${realm}, error="insufficient_user_authentication", error_description=${quoted(table.ERR_STEP_UP_REQUIRED[1])}`,
      ...(Array.isArray(acrValues) && acrValues.length > 0 ? [`acr_values=${quoted(acrValues.join(' '))}`] : []),
      ...(typeof maxAge === 'number' && Number.isInteger(maxAge) && maxAge >= 0 ? [`max_age=${maxAge}`] : []),
    ].join(', ');
  }
  return null;
}
