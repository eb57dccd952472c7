// The `select_org` step of sign-in (法人办事, see oidc/acting.ts): the person picks an
// enterprise to act for, or themself, from what the acting use cases allow in this app.
//   GET  /interaction/:uid           (while the provider asks for select_org) → the choice page
//   POST /interaction/:uid/org {csrf, org: legal person id | "self"} → on to the app
// A choice the person may not make (tampered form, revoked or expired grant, app outside the
// agent's scope, or "self" when the app requires an enterprise) gets the page again with an
// error, and nothing is recorded. Choices and refusals are audited.
import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import { z } from 'zod';
import { ACTING_CHOICE_TTL_S, SELECT_ORG_PROMPT, recordActingChoice } from '../../oidc/acting.ts';
import { actingFor, actingOptions } from '../../services/acting/acting-options.ts';
import { actingMessages } from '../views/acting-i18n.ts';
import { selectOrgPage } from '../views/acting-pages.ts';
import { errorPage } from '../views/pages.ts';
import { pageOptions } from '../views/prefs.ts';
import { appName, csrfToken, requestContext } from './interaction-support.ts';
import type { Details, InteractionDeps } from './interaction-support.ts';

type Handler = (req: Request, res: Response, details: Details) => Promise<void>;
type WithInteraction = (deps: InteractionDeps, handler: Handler, post: boolean) => (req: Request, res: Response, next: NextFunction) => Promise<void>;

const orgForm = z.object({ org: z.union([z.literal('self'), z.string().regex(/^o_[A-Za-z0-9_-]{1,38}$/)]) });

function required(details: Details): boolean {
  return (details.prompt.details as { required?: boolean }).required === true;
}

async function show(deps: InteractionDeps, req: Request, res: Response, details: Details, extra: { error?: string; status?: number } = {}): Promise<void> {
  const personId = String(details.session?.accountId ?? '');
  const clientId = String(details.params.client_id);
  const opts = pageOptions(req, res, (t) => t.login);
  const m = actingMessages(opts.lang);
  const options = deps.acting ? await actingOptions(deps.acting, personId, clientId) : [];
  const html = selectOrgPage({ ...opts, title: m.heading }, m, {
    action: `/interaction/${details.uid}/org`,
    abortAction: `/interaction/${details.uid}/abort`,
    csrf: csrfToken(deps.secret, details.uid),
    appName: await appName(await deps.provider(), details.params.client_id),
    required: required(details),
    options,
    error: extra.error ?? null,
  });
  res.status(extra.status ?? 200).type('html').send(html);
}

export const selectOrgRoutes = { show };

export function selectOrgRouter(deps: InteractionDeps, withInteraction: WithInteraction): Router {
  const router = express.Router();
  router.post('/interaction/:uid/org', withInteraction(deps, async (req, res, details) => {
    const personId = details.session?.accountId as string | undefined;
    if (details.prompt.name !== SELECT_ORG_PROMPT || !personId || !details.grantId || !deps.acting) {
      res.status(400).type('html').send(errorPage(pageOptions(req, res, (t) => t.errorHeading), 'wrong_step'));
      return;
    }
    const m = actingMessages(pageOptions(req, res, (t) => t.login).lang);
    const form = orgForm.safeParse(req.body);
    if (!form.success) return show(deps, req, res, details, { error: m.pick, status: 400 });
    const clientId = String(details.params.client_id);
    const ctx = requestContext(req);
    const org = form.data.org === 'self' ? null : form.data.org;
    const option = org ? await actingFor(deps.acting, personId, org, clientId) : null;
    if ((org && !option) || (!org && required(details))) {
      await deps.identity.audit.append({
        actor: { id: personId, kind: 'citizen' }, action: 'acting.select', object: org, outcome: 'denied',
        clientIp: ctx.clientIp, requestId: ctx.requestId, details: { clientId, reason: org ? 'not_allowed' : 'enterprise_required' },
      });
      return show(deps, req, res, details, { error: org ? m.refused : m.pick, status: org ? 403 : 400 });
    }
    await recordActingChoice(deps.identity.kv, details.grantId, { personId, legalPersonId: org }, ACTING_CHOICE_TTL_S);
    await deps.identity.audit.append({
      actor: { id: personId, kind: 'citizen' }, action: 'acting.select', object: org, outcome: 'success',
      clientIp: ctx.clientIp, requestId: ctx.requestId, details: { clientId, role: option?.role ?? 'self' },
    });
    await (await deps.provider()).interactionFinished(req, res, { [SELECT_ORG_PROMPT]: { org: org ?? 'self' } }, { mergeWithLastSubmission: true });
  }, true));
  return router;
}
