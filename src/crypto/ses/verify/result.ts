/**
 * The shape of a verification report, after the ETSI EN 319 102-1 model used by EU DSS and
 * pyHanko: one row per check, and an overall indication with a sub-indication.
 */

/** Overall outcome. */
export type Indication = 'TOTAL_PASSED' | 'TOTAL_FAILED' | 'INDETERMINATE';

/** Why a check (and so the whole) did not pass. */
export type SubIndication =
  | 'FORMAT_FAILURE'
  | 'HASH_FAILURE'
  | 'SIG_CRYPTO_FAILURE'
  | 'SIG_CONSTRAINTS_FAILURE'
  | 'REVOKED'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'NO_CERTIFICATE_CHAIN_FOUND'
  | 'CHAIN_CONSTRAINTS_FAILURE'
  | 'CRYPTO_CONSTRAINTS_FAILURE'
  | 'SIGNED_DATA_NOT_FOUND'
  | 'TRY_LATER';

/**
 * Outcome of one check. `warning` reports a problem that does not decide the verdict (the
 * state of a certificate now, after the signing time); `not-present` and `not-checked` say
 * honestly that something was absent or was not examined.
 */
export type CheckStatus = 'passed' | 'failed' | 'indeterminate' | 'warning' | 'not-present' | 'not-checked';

/** The checks, in the order GB/T 38540 verification performs them. */
export type CheckId =
  | 'parse'
  | 'seal-signature'
  | 'seal-maker-certificate-at-signing-time'
  | 'seal-maker-certificate-now'
  | 'seal-validity'
  | 'signer-listed-in-seal'
  | 'signature'
  | 'signer-certificate-at-signing-time'
  | 'signer-certificate-now'
  | 'timestamp'
  | 'data-hash'
  | 'ofd-references';

/** One row of the report. */
export interface CheckRow {
  readonly id: CheckId;
  readonly status: CheckStatus;
  readonly subIndication?: SubIndication;
  /** A short explanation for people (logs, the verification page). */
  readonly message: string;
  /** The underlying error code, when one was raised. */
  readonly code?: string;
  /** Facts behind the outcome, e.g. validity, chain and revocation of a certificate. */
  readonly details?: Readonly<Record<string, string>>;
}

/** The verdict over a list of rows. */
export interface Verdict {
  readonly indication: Indication;
  readonly subIndication?: SubIndication;
}

/**
 * TOTAL_FAILED at the first failed row; otherwise INDETERMINATE at the first indeterminate row;
 * otherwise TOTAL_PASSED. A failure outranks an open question: a forged signature is forged
 * whether or not its chain is known.
 */
export function verdictOf(checks: readonly CheckRow[]): Verdict {
  const failed = checks.find((c) => c.status === 'failed');
  if (failed !== undefined) return { indication: 'TOTAL_FAILED', subIndication: failed.subIndication ?? 'FORMAT_FAILURE' };
  const open = checks.find((c) => c.status === 'indeterminate');
  if (open !== undefined) return { indication: 'INDETERMINATE', subIndication: open.subIndication ?? 'TRY_LATER' };
  return { indication: 'TOTAL_PASSED' };
}
