// The end of every sign-in: what the methods proven so far give, what the app asked for, and
// what happens next. Every sign-in route (password, SMS code, one-time password, QR scan,
// certificate, registration, initial password, real-name check) hands its proofs here and only
// renders the answer: finish with {accountId, acr, amr, authTime}, or one hold, or `unmet` with
// the reason the request cannot be reached (docs/assurance.md).
//
// Method (amr, RFC 8176) and account state → acr:
//
//   methods                        account                           acr
//   pwd | sms                      citizen L1, legal person L1        L1
//   pwd | sms                      citizen, legal person, staff ≥ L2  L2 (capped: they prove control, not identity)
//   pwd | sms + otp                staff L1 / staff ≥ L2              L1-mfa / L2-mfa
//   hwk (SM2 certificate, UKey)    any                                L4 (the certificate is the L4 credential)
//   qr + mca (+ the phone's)       any                                the phone session's acr
//
// amr lists the methods in the order proven: `pwd`, `sms`, `otp` (TOTP), `hwk`, and for a QR scan
// `qr` (not in the RFC 8176 registry, which allows others), `mca` and the phone session's own.
// auth_time is when the last counted method was proven.
//
// Holds, in this order, once the request is known to be reachable:
//   replace_password  a password sign-in with an initial password
//   real_name         a citizen below L2 when the app needs L2: the real-name check raises them
//   enrol_totp        staff without an authenticator when a second factor is needed (every
//   enter_totp        administrator, and any staff member when the app asks for `-mfa`);
//                     a citizen or legal person who added an authenticator on the account
//                     pages gives a one-time password at every sign-in, as they chose to
//   select_org        whom to act for (法人办事), decided once the app's grant is known (after
//                     consent: the choice belongs to the grant) from `acting`: the app asks to
//                     switch (`prompt=select_org`), requires an enterprise (`org` essential in
//                     `claims`) and none is chosen, the chosen enterprise may no longer be acted
//                     for, or a citizen who may act for one has not chosen in this app. The
//                     provider asks here through mustChooseWhomToActFor (oidc/acting.ts); the
//                     route only shows the choice (http/routes/sign-in/org.ts).
// Unmet: a disabled account; a second factor for an account that cannot have one (citizens and
// legal persons without an authenticator); L3 or above without a certificate; an essential `acr` unknown here.
import { isAdmin, mayUseTotp } from '../../domain/account.ts';
import type { Account, AccountKind } from '../../domain/account.ts';
import {
  SECOND_FACTOR_ACR, acrRequirements, acrSatisfies, acrValueOf, assuranceRank, meetsAcrRequirements, parseAcr, sessionAssurance,
} from '../../domain/assurance.ts';
import type { Acr, AcrValue } from '../../domain/assurance.ts';

/** One method proven, with when (seconds since the epoch); `earlier` for one from the browser's existing session. */
export interface Proof {
  method: string;
  at: number;
  earlier?: boolean;
}

/** The app's request, as the provider has it (`acr_values`, the raw `claims` parameter, `max_age`, `prompt`). */
export interface SignInRequest {
  acrValues?: unknown;
  claims?: unknown;
  maxAge?: number;
  prompt?: readonly string[];
}

/** Whom the person may act for in this app, and what was chosen for the app's grant. */
export interface ActingState {
  /** How many enterprises the person may act for in this app now (needed only without a choice). */
  enterprises: number;
  /** Themself, an enterprise they may still act for, one they no longer may (`lapsed`), or none yet. */
  choice: 'self' | 'enterprise' | 'lapsed' | null;
}

export interface SignInState {
  account: Account;
  proofs: readonly Proof[];
  /** A QR scan: the acr of the phone session that confirmed it. */
  channelAcr?: string | null;
  request: SignInRequest;
  /** Whom to act for, once the app's grant is known; without it the choice is not decided here. */
  acting?: ActingState;
  /** The real-name check is offered (it raises citizens to L2). */
  realNameCheck?: boolean;
  now: number;
}

export type SignInHold = 'replace_password' | 'real_name' | 'enrol_totp' | 'enter_totp' | 'select_org';
export type UnmetReason = 'account_disabled' | 'second_factor_unavailable' | 'certificate_required' | 'level_unreachable' | 'sign_in_too_old';

export type SignInOutcome =
  | { kind: 'finish'; accountId: string; acr: AcrValue; amr: string[]; authTime: number }
  | { kind: 'hold'; hold: SignInHold }
  | { kind: 'unmet'; reason: UnmetReason; description: string };

const FIRST_FACTORS = new Set(['pwd', 'sms', 'hwk', 'sc', 'qr', 'face']);

const DESCRIPTIONS: Record<UnmetReason, string> = {
  account_disabled: 'the account is disabled',
  second_factor_unavailable: 'the requested second factor is not available to this account',
  certificate_required: 'the requested assurance level needs a sign-in with a digital certificate',
  level_unreachable: 'the requested assurance level cannot be reached by this account',
  sign_in_too_old: 'the sign-in is older than max_age',
};

function unmet(reason: UnmetReason): SignInOutcome {
  return { kind: 'unmet', reason, description: DESCRIPTIONS[reason] };
}

/** The acr the methods give this account. */
export function acrReached(account: Account, amr: readonly string[], channelAcr?: string | null): Acr {
  const channel = channelAcr ? parseAcr(channelAcr) : null;
  const base: Acr = amr.includes('hwk') || amr.includes('sc')
    ? { level: 'L4', secondFactor: true }
    : channel ?? { level: sessionAssurance(account.assurance, amr), secondFactor: false };
  const otpOnTop = amr.includes('otp') && amr.some((m) => FIRST_FACTORS.has(m));
  return { level: base.level, secondFactor: base.secondFactor || otpOnTop || assuranceRank(base.level) >= 3 };
}

function whyUnreachable(requirements: readonly (readonly AcrValue[])[], reachable: Acr): UnmetReason {
  const failing = requirements.find((alternatives) => !alternatives.some((want) => acrSatisfies(acrValueOf(reachable), want))) ?? [];
  const levelOk = failing.some((want) => assuranceRank(reachable.level) >= assuranceRank(parseAcr(want)?.level));
  if (levelOk) return 'second_factor_unavailable';
  return failing.some((want) => assuranceRank(parseAcr(want)?.level) >= 3) ? 'certificate_required' : 'level_unreachable';
}

/** True when the app's claims request (the raw parameter or parsed) marks `org` essential, in the ID token or userinfo. */
export function orgRequired(claims: unknown): boolean {
  let c = claims;
  if (typeof c === 'string') {
    try {
      c = JSON.parse(c);
    } catch {
      return false;
    }
  }
  const parts = c as { id_token?: Record<string, unknown>; userinfo?: Record<string, unknown> } | null | undefined;
  const essential = (v: unknown) => (v as { essential?: unknown } | null | undefined)?.essential === true;
  return essential(parts?.id_token?.org) || essential(parts?.userinfo?.org);
}

/** The select_org hold: whether the person must choose whom they act for before the app gets a code. */
export function mustChooseWhomToActFor(kind: AccountKind, request: SignInRequest, acting: ActingState): boolean {
  if (request.prompt?.includes('select_org')) return true;
  // An app that requires an enterprise asks anyone without one; they may only cancel if none is allowed.
  if (orgRequired(request.claims)) return acting.choice !== 'enterprise';
  // Only citizens act for enterprises.
  if (kind !== 'citizen') return false;
  // An enterprise the person may no longer act for is chosen again, rather than issuing a code
  // the token endpoint would refuse.
  if (acting.choice === 'lapsed') return true;
  return acting.choice === null && acting.enterprises > 0;
}

export function finishSignIn(s: SignInState): SignInOutcome {
  const { account, request } = s;
  if (account.status !== 'active') return unmet('account_disabled');
  const relogin = request.prompt?.includes('login') === true;
  const counted = s.proofs.filter((p) => !p.earlier || (!relogin && (request.maxAge === undefined || s.now - p.at <= request.maxAge)));
  if (!counted.some((p) => FIRST_FACTORS.has(p.method))) return unmet('sign_in_too_old');
  const amr = [...new Set(counted.map((p) => p.method))];
  const reached = acrReached(account, amr, s.channelAcr);

  const requirements = acrRequirements({ acr_values: request.acrValues, claims: request.claims });
  if (isAdmin(account)) requirements.push([SECOND_FACTOR_ACR]);
  // Staff follow their roles and apps; anyone else with an authenticator enrolled it to be asked.
  if (account.totpSealed && account.kind !== 'staff') requirements.push([SECOND_FACTOR_ACR]);
  const certificate = reached.level === 'L4' && !s.channelAcr;
  const canRaise = account.kind === 'citizen' && !certificate && s.realNameCheck !== false && assuranceRank(reached.level) < 2;
  const reachable: Acr = {
    level: canRaise ? 'L2' : reached.level,
    secondFactor: reached.secondFactor || mayUseTotp(account) || account.totpSealed !== null,
  };
  if (!meetsAcrRequirements(acrValueOf(reachable), requirements)) return unmet(whyUnreachable(requirements, reachable));

  if (account.passwordInitial && amr.includes('pwd')) return { kind: 'hold', hold: 'replace_password' };
  if (!meetsAcrRequirements(acrValueOf(reached), requirements)) {
    if (meetsAcrRequirements(acrValueOf({ ...reached, level: reachable.level }), requirements)) return { kind: 'hold', hold: 'real_name' };
    return { kind: 'hold', hold: account.totpSealed ? 'enter_totp' : 'enrol_totp' };
  }
  if (s.acting && mustChooseWhomToActFor(account.kind, request, s.acting)) return { kind: 'hold', hold: 'select_org' };
  return { kind: 'finish', accountId: account.id, acr: acrValueOf(reached), amr, authTime: Math.max(...counted.map((p) => p.at)) };
}
