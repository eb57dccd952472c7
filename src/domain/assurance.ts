// Identity assurance: the level an account has been proven to (L1–L4, STANDARDS.md) and the
// `acr` values a sign-in carries (docs/assurance.md). L1 self-registered, L2 real-name checked,
// L3 face comparison or liveness, L4 digital certificate or an in-person check.
//
// An `acr` value is a level plus whether a second factor was proven in the sign-in: `L1`,
// `L1-mfa`, `L2`, `L2-mfa`, `L3`, `L4`. L3 and L4 sign-ins count as having one (a face check, a
// certificate key unlocked by its PIN). Values compare as a partial order: `have` satisfies
// `want` when its level is at least as high and it has a second factor wherever `want` does.

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

export const ACR_VALUES = ['L1', 'L1-mfa', 'L2', 'L2-mfa', 'L3', 'L4'] as const;
export type AcrValue = (typeof ACR_VALUES)[number];

/**
 * The values published in discovery: those a token can carry. L3 is understood in requests (an
 * L4 sign-in meets it) but no sign-in method here reaches it (there is no face check).
 */
export const PUBLISHED_ACR_VALUES: readonly AcrValue[] = ['L1', 'L1-mfa', 'L2', 'L2-mfa', 'L4'];

/** What an app asks for to have a recent second factor at any level (the seal step-up). */
export const SECOND_FACTOR_ACR: AcrValue = 'L1-mfa';

/** Earlier apps asked for a one-time password with `acr_values=otp`; read as SECOND_FACTOR_ACR. */
const LEGACY_ACR: Record<string, AcrValue> = { otp: SECOND_FACTOR_ACR };

export interface Acr { level: AssuranceLevel; secondFactor: boolean }

export function isAcrValue(v: unknown): v is AcrValue {
  return typeof v === 'string' && (ACR_VALUES as readonly string[]).includes(v);
}

/** The level and second factor an `acr` value stands for; null for anything unknown. */
export function parseAcr(v: unknown): Acr | null {
  if (!isAcrValue(v)) return null;
  const level = v.slice(0, 2) as AssuranceLevel;
  return { level, secondFactor: v.endsWith('-mfa') || assuranceRank(level) >= 3 };
}

export function acrValueOf(a: Acr): AcrValue {
  return (assuranceRank(a.level) >= 3 || !a.secondFactor ? a.level : `${a.level}-mfa`) as AcrValue;
}

/** True when a sign-in at `have` meets a request for `want`. */
export function acrSatisfies(have: unknown, want: AcrValue): boolean {
  const h = parseAcr(have);
  const w = parseAcr(want);
  return h !== null && w !== null && assuranceRank(h.level) >= assuranceRank(w.level) && (h.secondFactor || !w.secondFactor);
}

/**
 * What an authorization request requires of the sign-in, as a list of alternatives lists: each
 * must be met by one of its values. `acr_values` (this provider treats them as required) and an
 * essential `acr` claim in the `claims` parameter each give one list; an essential claim naming
 * only values unknown here gives an empty list, which nothing meets. Voluntary `acr` claims
 * require nothing.
 */
export function acrRequirements(params: { acr_values?: unknown; claims?: unknown }): AcrValue[][] {
  const known = (values: unknown[]) => values.map((v) => (typeof v === 'string' ? LEGACY_ACR[v] ?? v : v)).filter(isAcrValue);
  const out: AcrValue[][] = [];
  if (typeof params.acr_values === 'string') {
    const listed = known(params.acr_values.split(' '));
    if (listed.length) out.push([...new Set(listed)]);
  }
  const acr = essentialAcrClaim(params.claims);
  if (acr) out.push([...new Set(known([...(acr.value !== undefined ? [acr.value] : []), ...(Array.isArray(acr.values) ? acr.values : [])]))]);
  return out;
}

function essentialAcrClaim(claims: unknown): { value?: unknown; values?: unknown } | null {
  let parsed = claims;
  if (typeof claims === 'string') {
    try {
      parsed = JSON.parse(claims);
    } catch {
      return null;
    }
  }
  const acr = (parsed as { id_token?: { acr?: unknown } } | null | undefined)?.id_token?.acr as { essential?: unknown; value?: unknown; values?: unknown } | null | undefined;
  return acr && typeof acr === 'object' && acr.essential === true ? acr : null;
}

/** True when a sign-in at `have` meets every requirement. */
export function meetsAcrRequirements(have: unknown, requirements: readonly (readonly AcrValue[])[]): boolean {
  return requirements.every((alternatives) => alternatives.some((want) => acrSatisfies(have, want)));
}
