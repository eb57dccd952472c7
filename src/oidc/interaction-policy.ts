// The prompts oidc-provider runs before issuing a code: its own login and consent checks, plus a
// step-up check. `acr_values` is a voluntary request in the spec, so oidc-provider ignores it;
// here an app asking for a higher level than the session has sends the user back to sign in. An
// app may also name `otp` (OTP_STEP_UP) among the values: a session whose methods include a
// one-time password then satisfies the request without the levels listed beside it.
import { interactionPolicy } from 'oidc-provider';
import { OTP_STEP_UP, asksForOtp, assuranceRank } from '../domain/assurance.ts';

const { Check, base } = interactionPolicy;

/** The lowest level named in `acr_values`, the one that must be reached. */
export function requestedAcr(acrValues: unknown): string | null {
  if (typeof acrValues !== 'string') return null;
  const ranked = acrValues.split(' ').filter((v) => assuranceRank(v) > 0).sort((a, b) => assuranceRank(a) - assuranceRank(b));
  return ranked[0] ?? null;
}

export function interactionPolicyWithStepUp(): interactionPolicy.DefaultPolicy {
  const policy = base();
  policy.get('login')?.checks.push(new Check('acr_step_up', 'a higher assurance level is required', (ctx) => {
    const want = requestedAcr(ctx.oidc.params?.acr_values);
    const otp = asksForOtp(ctx.oidc.params?.acr_values);
    if ((!want && !otp) || !ctx.oidc.session?.accountId) return Check.NO_NEED_TO_PROMPT;
    // A login just finished in this interaction: take what it reached rather than asking again.
    if (ctx.oidc.result?.login) return Check.NO_NEED_TO_PROMPT;
    if (otp && (ctx.oidc.session.amr ?? []).includes(OTP_STEP_UP)) return Check.NO_NEED_TO_PROMPT;
    if (!want) return Check.REQUEST_PROMPT;
    return assuranceRank(ctx.oidc.session.acr) < assuranceRank(want) ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
  }, (ctx) => ({ acr_values: ctx.oidc.params?.acr_values as string })));
  return policy;
}
