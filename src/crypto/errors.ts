/** A stable, machine-readable error code such as `ERR_SM2_BAD_SIGNATURE_ENCODING`. */
export type CryptoErrorCode = `ERR_${string}`;

/**
 * The only error type that crypto/ throws for bad input or a failed check. Callers branch on
 * `code`; the message is for logs and never carries key material.
 */
export class CryptoError extends Error {
  readonly code: CryptoErrorCode;

  constructor(code: CryptoErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CryptoError';
    this.code = code;
  }
}

/** True when `e` is a CryptoError, optionally with the given code. */
export function isCryptoError(e: unknown, code?: CryptoErrorCode): e is CryptoError {
  return e instanceof CryptoError && (code === undefined || e.code === code);
}
