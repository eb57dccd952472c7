/**
 * Stable error codes of the service. Only `http/errors.ts` knows which HTTP status and public
 * message each one gets; everything else throws `AppError` with one of these codes.
 */
export const ErrorCodes = [
  'ERR_VALIDATION',
  // The request line or body framing cannot be read: a path with malformed percent-encoding, a
  // body that is not what its Content-Encoding says.
  'ERR_BAD_URL',
  'ERR_BAD_CONTENT_ENCODING',
  'ERR_NOT_FOUND',
  'ERR_PAYLOAD_TOO_LARGE',
  'ERR_UNSUPPORTED_MEDIA_TYPE',
  'ERR_UNAUTHENTICATED',
  'ERR_FORBIDDEN',
  'ERR_CONFLICT',
  'ERR_RATE_LIMITED',
  'ERR_STORE_UNAVAILABLE',
  'ERR_NOT_READY',
  'ERR_SHUTTING_DOWN',
  'ERR_AUDIT_CONTENTION',
  // The audit log or its checkpoints differ from the witness: checkpointing stops until resolved.
  'ERR_AUDIT_TAMPERED',
  // Seals: each refusal to make, change or use a seal names its reason.
  'ERR_SEAL_NOT_GRANTED',
  'ERR_SEAL_OTHER_ORGANISATION',
  'ERR_SEAL_NOT_ACTIVE',
  'ERR_SEAL_SUSPENDED',
  'ERR_SEAL_REVOKED',
  'ERR_SEAL_EXPIRED',
  'ERR_SEAL_TWO_PERSON_RULE',
  'ERR_SEAL_TRANSITION',
  'ERR_SEAL_IMAGE_INVALID',
  'ERR_STEP_UP_REQUIRED',
  'ERR_DOCUMENT_INVALID',
  // Uploads for verification that are not PDFs, told apart by their first bytes: a ZIP package
  // that is no readable OFD, bytes that are no GB/T 38540 (or GM/T 0031) signature, a valid
  // detached signature over data we do not hold, and a file of none of the accepted kinds.
  'ERR_OFD_INVALID',
  'ERR_SES_INVALID',
  'ERR_SES_NOT_A_LICENCE',
  'ERR_FILE_KIND_UNKNOWN',
  // An upload that would cost more to read than any document may (decoded size, objects, work, time).
  'ERR_DOCUMENT_TOO_COMPLEX',
  // Every thread that reads uploads is taken and the queue is full.
  'ERR_BUSY',
  'ERR_TRUST_LIST_INVALID',
  'ERR_PLACEMENT_INVALID',
  'ERR_KEYWORD_NOT_FOUND',
  'ERR_CROSS_PAGE_TOO_FEW_PAGES',
  // Licences: refusals name the rule; field-level issues go with them.
  'ERR_LICENCE_TRANSITION',
  'ERR_LICENCE_KEY_REUSED',
  'ERR_LICENCE_OTHER_ISSUER',
  'ERR_LICENCE_SHARE_EXPIRED',
  // Licence use for a service item (用证): each refusal names its reason.
  'ERR_LICENCE_USE_UNKNOWN_ITEM',
  'ERR_LICENCE_USE_NOT_GRANTED',
  'ERR_LICENCE_USE_NOT_LISTED',
  'ERR_LICENCE_USE_NO_CONSENT',
  'ERR_LICENCE_USE_CONSENT_ENDED',
  'ERR_LICENCE_USE_OTHER_HOLDER',
  'ERR_LICENCE_USE_NO_LEGAL_BASIS',
  'ERR_LICENCE_USE_HOLDER_MALFORMED',
  // The counter flow: a window's one-time request code, scanned and confirmed in the city app.
  'ERR_LICENCE_USE_REQUEST_MALFORMED',
  'ERR_LICENCE_USE_REQUEST_UNKNOWN',
  'ERR_LICENCE_USE_REQUEST_EXPIRED',
  'ERR_LICENCE_USE_REQUEST_USED',
  'ERR_LICENCE_USE_REQUEST_NOT_SCANNED',
  'ERR_LICENCE_USE_REQUEST_NOT_APPROVED',
  'ERR_LICENCE_USE_REQUEST_OTHER_WINDOW',
  'ERR_LICENCE_USE_REQUEST_LEVEL',
  // Certificate login (数字证书登录): each refusal names its reason.
  'ERR_CERT_LOGIN_CHALLENGE',
  'ERR_CERT_LOGIN_SIGNATURE',
  'ERR_CERT_LOGIN_UNTRUSTED',
  'ERR_CERT_LOGIN_USAGE',
  'ERR_CERT_LOGIN_EXPIRED',
  'ERR_CERT_LOGIN_REVOKED',
  'ERR_CERT_LOGIN_REVOCATION_UNKNOWN',
  'ERR_CERT_LOGIN_UNMAPPED',
  'ERR_CERT_LOGIN_MISMATCH',
  // QR-scan login (扫码登录): each refusal names its reason.
  'ERR_QR_LOGIN_UNKNOWN',
  'ERR_QR_LOGIN_EXPIRED',
  'ERR_QR_LOGIN_USED',
  'ERR_QR_LOGIN_NOT_SCANNED',
  'ERR_QR_LOGIN_NOT_CONFIRMED',
  'ERR_QR_LOGIN_DECLINED',
  'ERR_QR_LOGIN_OTHER_INTERACTION',
  'ERR_QR_LOGIN_LEVEL',
  // Real-name check: the province says the name and number do not belong together; the number is another account's.
  'ERR_REAL_NAME_MISMATCH',
  'ERR_ID_NUMBER_TAKEN',
  'ERR_INTERNAL',
] as const;

export type ErrorCode = (typeof ErrorCodes)[number];

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Extra facts for logs only; never sent to clients. */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options?.details;
  }
}

export function isAppError(e: unknown, code?: ErrorCode): e is AppError {
  return e instanceof AppError && (code === undefined || e.code === code);
}
