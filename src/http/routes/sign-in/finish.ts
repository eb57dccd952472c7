// The last move of every sign-in route: what was proven goes to finishSignIn (the one place that
// decides), and its answer is carried out here. Finish: the login goes to the provider. A hold:
// the sign-in waits in the shared store (held-login.ts) and the browser goes to the step's page.
// Unmet: the reason is kept for the interaction and the browser goes to the page that says why,
// from which the app gets `unmet_authentication_requirements`. Form routes redirect; the
// certificate and QR routes, spoken as JSON, answer {redirect}. The login routes decide before the
// app's grant is known, so finishSignIn is not asked whom to act for here: the provider's
// select_org prompt asks it after consent (oidc/acting.ts, org.ts).
import type { Request, Response } from 'express';
import type { Account } from '../../../domain/account.ts';
import { holdLogin } from '../../../services/identity/held-login.ts';
import { finishSignIn } from '../../../services/identity/finish-sign-in.ts';
import type { Proof, SignInHold, SignInOutcome, SignInRequest, UnmetReason } from '../../../services/identity/finish-sign-in.ts';
import { interactionPath } from './steps.ts';
import type { Details, InteractionDeps } from './steps.ts';

export interface SignInSoFar {
  account: Account;
  proofs: Proof[];
  channelAcr?: string | null;
}

const STEP: Record<Exclude<SignInHold, 'select_org'>, { step: string | undefined; path: string }> = {
  enrol_totp: { step: undefined, path: 'totp' },
  enter_totp: { step: undefined, path: 'totp' },
  replace_password: { step: 'password', path: 'password' },
  real_name: { step: 'real-name', path: 'real-name' },
};

export const unmetPath = (uid: string) => interactionPath(uid, '/unmet');
const unmetKey = (uid: string) => `login:unmet:${uid}`;

/** The app's request as finishSignIn reads it. */
export function signInRequest(details: Details): SignInRequest {
  const p = details.params;
  const maxAge = typeof p.max_age === 'string' || typeof p.max_age === 'number' ? Number(p.max_age) : undefined;
  return {
    acrValues: p.acr_values,
    claims: p.claims,
    ...(maxAge !== undefined && Number.isSafeInteger(maxAge) && maxAge >= 0 ? { maxAge } : {}),
    prompt: typeof p.prompt === 'string' ? p.prompt.split(' ') : [],
  };
}

/** Methods proven now. */
export function proofsNow(deps: InteractionDeps, amr: readonly string[]): Proof[] {
  const at = Math.floor(deps.identity.clock.now().getTime() / 1000);
  return amr.map((method) => ({ method, at }));
}

/** The decision for this interaction, without acting on it. */
export function decide(deps: InteractionDeps, details: Details, soFar: SignInSoFar): SignInOutcome {
  return finishSignIn({
    account: soFar.account, proofs: soFar.proofs, channelAcr: soFar.channelAcr ?? null, request: signInRequest(details),
    now: Math.floor(deps.identity.clock.now().getTime() / 1000),
  });
}

/** Decide, then finish, hold or refuse; `json` answers {redirect} instead of redirecting. */
export async function proceedSignIn(
  deps: InteractionDeps, req: Request, res: Response, details: Details, soFar: SignInSoFar, opts: { json?: boolean } = {},
): Promise<void> {
  const outcome = decide(deps, details, soFar);
  const go = (path: string) => {
    if (opts.json) res.set('Cache-Control', 'no-store').json({ redirect: path });
    else res.redirect(303, path);
  };
  if (outcome.kind === 'finish') {
    const result = { login: { accountId: outcome.accountId, acr: outcome.acr, amr: outcome.amr, ts: outcome.authTime, remember: true } };
    const provider = await deps.provider();
    if (!opts.json) return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    return go(await provider.interactionResult(req, res, result, { mergeWithLastSubmission: false }));
  }
  if (outcome.kind === 'unmet') {
    await deps.identity.kv.set(unmetKey(details.uid), JSON.stringify({ reason: outcome.reason, description: outcome.description }), 600);
    return go(unmetPath(details.uid));
  }
  if (outcome.hold === 'select_org') throw new Error('whom to act for is decided after consent, not at login');
  const { step, path } = STEP[outcome.hold];
  await holdLogin(deps.identity.kv, details.uid, { accountId: soFar.account.id, proofs: soFar.proofs, channelAcr: soFar.channelAcr ?? null }, step);
  return go(interactionPath(details.uid, `/${path}`));
}

/** Why this interaction's request could not be met, once decided. */
export async function unmetOf(deps: InteractionDeps, uid: string): Promise<{ reason: UnmetReason; description: string } | null> {
  const text = await deps.identity.kv.get(unmetKey(uid));
  return text === null ? null : (JSON.parse(text) as { reason: UnmetReason; description: string });
}
