// A request this sign-in cannot meet (finishSignIn said why, finish.ts kept it): the page says
// why; its button sends the app `unmet_authentication_requirements`.
//   GET/POST /interaction/:uid/unmet
import type { Router } from 'express';
import { unmetPage } from '../../views/unmet-page.ts';
import { pageOptions } from '../../views/prefs.ts';
import { unmetOf, unmetPath } from './finish.ts';
import { appName, csrfToken, interactionPath, steps } from './steps.ts';
import type { InteractionDeps } from './steps.ts';

export function unmetRoutes(deps: InteractionDeps): Router {
  const step = steps(deps);
  step.page('/unmet', async (req, res, details) => {
    const unmet = await unmetOf(deps, details.uid);
    if (!unmet) return res.redirect(303, interactionPath(details.uid));
    const opts = pageOptions(req, res, (t) => t.errorHeading);
    res.status(200).set('Cache-Control', 'no-store').type('html').send(unmetPage(opts, opts.lang, {
      reason: unmet.reason, appName: await appName(await deps.provider(), details.params.client_id),
      action: unmetPath(details.uid), csrf: csrfToken(deps.secret, details.uid),
    }));
  });
  step.form('/unmet', async (req, res, details) => {
    const unmet = await unmetOf(deps, details.uid);
    if (!unmet) return res.redirect(303, interactionPath(details.uid));
    await (await deps.provider()).interactionFinished(req, res, {
      error: 'unmet_authentication_requirements', error_description: unmet.description,
    }, { mergeWithLastSubmission: false });
  });
  return step.router;
}
