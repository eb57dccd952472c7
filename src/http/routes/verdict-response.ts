// How every verifying API answers: the verification outcome (the verdict with its check rows, and
// the signed receipt when there is one) as JSON. A verdict that cannot confirm is 503 with
// Retry-After and an unknown subject 404, so that neither is mistaken for success by a client
// that only reads the status.
import type { Response } from 'express';
import type { Verdict } from '../../domain/verdict.ts';
import type { VerificationOutcome } from '../../services/verification/verification-deps.ts';

export function verdictStatus(v: Verdict): number {
  return v.result === 'CANNOT_CONFIRM' ? 503 : v.result === 'NOT_FOUND' ? 404 : 200;
}

/** The headers every verdict carries, JSON or page: never cached, a retry hint when it cannot confirm. */
export function setVerdictHeaders(res: Response, v: Verdict): void {
  res.set('Cache-Control', 'no-store');
  if (v.retryAfterSeconds !== null) res.set('Retry-After', String(v.retryAfterSeconds));
}

export function sendOutcome(res: Response, out: VerificationOutcome): void {
  setVerdictHeaders(res, out.verdict);
  res.status(verdictStatus(out.verdict)).json(out);
}
