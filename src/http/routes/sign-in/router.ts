// The sign-in and consent pages oidc-provider sends the browser to (`/interaction/:uid`), one
// file per step, each through the one step helper (steps.ts). A login proves one method and
// hands it to finishSignIn (finish.ts), which decides what follows: the provider gets the level
// reached (acr) and methods (amr), or the sign-in waits for a step (a new password, a one-time
// password, the real-name check), or the page says why the app's request cannot be met. After
// consent, the provider's select_org prompt asks the same service whom the person acts for.
//   GET /interaction/:uid   the page of the step the provider asks for: login, select_org or consent
// QR-scan login (qr.ts) is mounted with the QR login deps, beside these.
import express from 'express';
import type { Router } from 'express';
import { SELECT_ORG_PROMPT } from '../../../oidc/acting.ts';
import { certLoginRoutes } from './cert.ts';
import { consentRoutes, showConsent } from './consent.ts';
import { loginRoutes } from './login.ts';
import { renderLogin } from './login-page.ts';
import { selectOrgRoutes, showSelectOrg } from './org.ts';
import { passwordRoutes } from './password.ts';
import { realNameRoutes } from './real-name.ts';
import { registrationRoutes } from './register.ts';
import { steps } from './steps.ts';
import type { InteractionDeps } from './steps.ts';
import { totpRoutes } from './totp.ts';
import { unmetRoutes } from './unmet.ts';

export function signInRoutes(deps: InteractionDeps): Router {
  const router = express.Router();
  const step = steps(deps);
  step.page('', async (req, res, details) => {
    if (details.prompt.name === 'login') return renderLogin(deps, req, res, details);
    if (details.prompt.name === SELECT_ORG_PROMPT) return showSelectOrg(deps, req, res, details);
    return showConsent(deps, req, res, details);
  });
  router.use(step.router);
  for (const routes of [loginRoutes, passwordRoutes, totpRoutes, certLoginRoutes, registrationRoutes, realNameRoutes, unmetRoutes, selectOrgRoutes, consentRoutes]) {
    router.use(routes(deps));
  }
  return router;
}
