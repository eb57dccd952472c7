// Identity assurance levels as `acr` values (STANDARDS.md): L1 self-registered, L2 real-name
// checked, L3 face comparison or liveness, L4 digital certificate or an in-person check.

export const ASSURANCE_LEVELS = ['L1', 'L2', 'L3', 'L4'] as const;
export type AssuranceLevel = (typeof ASSURANCE_LEVELS)[number];

export function isAssuranceLevel(v: unknown): v is AssuranceLevel {
  return typeof v === 'string' && (ASSURANCE_LEVELS as readonly string[]).includes(v);
}

/** 1 for L1 … 4 for L4; 0 for anything else, so an unknown level never satisfies a request. */
export function assuranceRank(v: unknown): number {
  return isAssuranceLevel(v) ? ASSURANCE_LEVELS.indexOf(v) + 1 : 0;
}

/** True when `have` is at least `want`. */
export function meetsAssurance(have: unknown, want: AssuranceLevel): boolean {
  return assuranceRank(have) >= assuranceRank(want);
}

/**
 * The level a login reaches: the account's proven level, capped by what the methods used
 * (`amr` values, RFC 8176) can carry. Password, SMS code and one-time passwords prove control of
 * the account only, so they carry at most L2; L3 needs a face comparison (`face`), L4 a
 * certificate key (`hwk`/`sc`).
 */
export function sessionAssurance(accountLevel: AssuranceLevel, amr: readonly string[]): AssuranceLevel {
  const cap: AssuranceLevel = amr.includes('hwk') || amr.includes('sc') ? 'L4' : amr.includes('face') ? 'L3' : 'L2';
  return assuranceRank(accountLevel) <= assuranceRank(cap) ? accountLevel : cap;
}

/**
 * The `acr_values` entry by which an app asks for a one-time password on top of the sign-in (the
 * step-up for using a seal). It names no assurance level: the session keeps the level its methods
 * reach (a password and a one-time password: L2) and shows the step in its `amr` (`otp`).
 */
export const OTP_STEP_UP = 'otp';

/** True when the space-separated `acr_values` ask for a one-time password. */
export function asksForOtp(acrValues: unknown): boolean {
  return typeof acrValues === 'string' && acrValues.split(' ').includes(OTP_STEP_UP);
}
