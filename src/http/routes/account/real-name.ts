// Starting the real-name check at any time: a new sign-in asking for L2 (`acr_values=L2`); the SSO
// sends an L1 citizen through its real-name step and the overview comes back at L2.
import { Router } from 'express';
import type { AccountContext } from './account-context.ts';

export function realNameSection(ctx: AccountContext): Router {
  const r = Router();
  r.post('/account/real-name', ctx.form(async (_req, res) => {
    await ctx.signIn(res, '/account', { acr_values: 'L2' });
  }));
  return r;
}
