/**
 * The error path validation throws: a {@link CryptoError} that also says which certificate in
 * the chain failed, so that a verification report can point at it.
 */
import { CryptoError } from '../errors.ts';
import type { CryptoErrorCode } from '../errors.ts';

/** A failed path check; `depth` 0 is the leaf, the highest depth the trust anchor. */
export class CertPathError extends CryptoError {
  /** Position in the chain of the certificate that failed (0 = leaf). */
  readonly depth: number;
  /** RFC 4514 text of that certificate's subject. */
  readonly subject: string;

  constructor(code: CryptoErrorCode, message: string, depth: number, subject: string, options?: { cause?: unknown }) {
    super(code, `${message} (depth ${depth}: ${subject})`, options);
    this.name = 'CertPathError';
    this.depth = depth;
    this.subject = subject;
  }
}
