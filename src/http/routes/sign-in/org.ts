// The select_org hold of sign-in (法人办事): once finishSignIn decides the person is to choose whom
// they act for (asked by the provider's select_org prompt, oidc/acting.ts), they pick an
// enterprise, or themself, from what the acting use cases allow in this app.
//   GET  /interaction/:uid           (while the provider asks for select_org) → the choice page
//   POST /interaction/:uid/org {csrf, org: legal person id | "self"} → on to the app
// A choice the person may not make (tampered form, revoked or expired grant, app outside the
// agent's scope, or "self" when the app requires an enterprise) gets the page again with an
// error, and nothing is recorded. Choices and refusals are audited.
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { ACTING_CHOICE_TTL_S, SELECT_ORG_PROMPT, recordActingChoice } from '../../../oidc/acting.ts';
import { actingFor, actingOptions } from '../../../services/acting/acting-options.ts';
import { actingMessages } from '../../views/acting-i18n.ts';
import { selectOrgPage } from '../../views/acting-pages.ts';
import { parseForm } from '../../parse.ts';
import { requestContext } from '../../request-context.ts';
import { pageOptions } from '../../views/prefs.ts';
import { appName, csrfToken, interactionPath, steps, wrongStep } from './steps.ts';
import type { Details, InteractionDeps } from './steps.ts';

const orgForm = z.object({ org: z.union([z.literal('self'), z.string().regex(/^o_[A-Za-z0-9_-]{1,38}$/)]) });

function required(details: Details): boolean {
  return (details.prompt.details as { required?: boolean }).required === true;
}

/** The choice page, while the provider asks for select_org. */
export async function showSelectOrg(deps: InteractionDeps, req: Request, res: Response, details: Details, extra: { error?: string; status?: number } = {}): Promise<void> {
  const personId = String(details.session?.accountId ?? '');
  const clientId = String(details.params.client_id);
  const opts = pageOptions(req, res, (t) => t.login);
  const m = actingMessages(opts.lang);
  const options = deps.acting ? await actingOptions(deps.acting, personId, clientId) : [];
  const html = selectOrgPage({ ...opts, title: m.heading }, m, {
    action: interactionPath(details.uid, '/org'),
    abortAction: interactionPath(details.uid, '/abort'),
    csrf: csrfToken(deps.secret, details.uid),
    appName: await appName(await deps.provider(), details.params.client_id),
    required: required(details),
    options,
    error: extra.error ?? null,
  });
  res.status(extra.status ?? 200).type('html').send(html);
}

export function selectOrgRoutes(deps: InteractionDeps): Router {
  const step = steps(deps);
  step.form('/org', async (req, res, details) => {
    const personId = details.session?.accountId as string | undefined;
    if (details.prompt.name !== SELECT_ORG_PROMPT || !personId || !details.grantId || !deps.acting) return wrongStep(req, res);
    const m = actingMessages(pageOptions(req, res, (t) => t.login).lang);
    const form = parseForm(orgForm, req.body);
    if (!form) return showSelectOrg(deps, req, res, details, { error: m.pick, status: 400 });
    const clientId = String(details.params.client_id);
    const ctx = requestContext(req);
    const org = form.org === 'self' ? null : form.org;
    const option = org ? await actingFor(deps.acting, personId, org, clientId) : null;
    if ((org && !option) || (!org && required(details))) {
      await deps.identity.audit.append({
        actor: { id: personId, kind: 'citizen' }, action: 'acting.select', object: org, outcome: 'denied',
        clientIp: ctx.clientIp, requestId: ctx.requestId, details: { clientId, reason: org ? 'not_allowed' : 'enterprise_required' },
      });
      return showSelectOrg(deps, req, res, details, { error: org ? m.refused : m.pick, status: org ? 403 : 400 });
    }
    await recordActingChoice(deps.identity.kv, details.grantId, { personId, legalPersonId: org }, ACTING_CHOICE_TTL_S);
    await deps.identity.audit.append({
      actor: { id: personId, kind: 'citizen' }, action: 'acting.select', object: org, outcome: 'success',
      clientIp: ctx.clientIp, requestId: ctx.requestId, details: { clientId, role: option?.role ?? 'self' },
    });
    await (await deps.provider()).interactionFinished(req, res, { [SELECT_ORG_PROMPT]: { org: org ?? 'self' } }, { mergeWithLastSubmission: true });
  });
  return step.router;
}
