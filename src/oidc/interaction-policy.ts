// The prompts oidc-provider runs before issuing a code: its own login and consent checks, with
// its two essential-`acr` checks replaced by one step-up check over this provider's profile
// (docs/assurance.md). oidc-provider compares an essential `acr` for equality and treats
// `acr_values` as voluntary; here both are requirements met by any value at least as strong
// (domain/assurance.ts), so a browser signed in below what the app asks for signs in again.
// Once a sign-in has finished in this interaction, what it reached stands: finishSignIn
// (services/identity/finish-sign-in.ts) has already held it or answered that the request cannot
// be met, so the user is never sent round the login page again.
import { interactionPolicy } from 'oidc-provider';
import { acrRequirements, meetsAcrRequirements } from '../domain/assurance.ts';

const { Check, base } = interactionPolicy;

const REPLACED_CHECKS = new Set(['essential_acrs', 'essential_acr']);

export function interactionPolicyWithStepUp(): interactionPolicy.DefaultPolicy {
  const policy = base();
  const login = policy.get('login');
  if (!login) throw new Error('oidc-provider has no login prompt');
  for (let i = login.checks.length - 1; i >= 0; i--) {
    if (REPLACED_CHECKS.has(login.checks[i]?.reason as string)) login.checks.splice(i, 1);
  }
  login.checks.push(new Check('acr_step_up', 'a higher assurance level is required', (ctx) => {
    if (!ctx.oidc.session?.accountId || ctx.oidc.result?.login) return Check.NO_NEED_TO_PROMPT;
    const requirements = acrRequirements({ acr_values: ctx.oidc.params?.acr_values, claims: ctx.oidc.params?.claims });
    return meetsAcrRequirements(ctx.oidc.session.acr, requirements) ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT;
  }, (ctx) => ({ acr_values: ctx.oidc.params?.acr_values as string })));
  return policy;
}
