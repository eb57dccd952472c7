// `/api/enterprises`: a legal representative manages who may act for their enterprise (法人办事
// 授权). Every request carries a yinxin access token for the API with the `enterprise` scope from
// the representative's live sign-in (authorize-representative.ts).
//   GET  /api/enterprises                                 the enterprises the caller represents
//   GET  /api/enterprises/:id/agents                      its agents (not revoked)
//   POST /api/enterprises/:id/agents                      {agent: {idNumber} | {accountId}, scope: "all" | [client id…], expiresAt}
//   POST /api/enterprises/:id/agents/:grantId/revoke
// An enterprise the caller does not represent, and a grant not of it, are "not found".
import { Router } from 'express';
import type { Request, RequestHandler, Response } from 'express';
import { callerOf, requireCaller } from '../middleware/require-caller.ts';
import { z } from 'zod';
import { AGENT_GRANT_LIMITS } from '../../domain/agent-grant.ts';
import { AppError } from '../../domain/errors.ts';
import type { ApiCaller } from '../../services/apps/authorize-app-admin.ts';
import { ENTERPRISE_SCOPE } from '../../services/acting/acting-deps.ts';
import type { ActingDeps } from '../../services/acting/acting-deps.ts';
import { grantAgent } from '../../services/acting/grant-agent.ts';
import { listAgents, listRepresentedEnterprises } from '../../services/acting/list-agents.ts';
import { revokeAgent } from '../../services/acting/revoke-agent.ts';
import { requestContext } from '../request-context.ts';
import { parse, pathId } from '../parse.ts';
import { arr, loose, obj } from '../api-operation.ts';
import type { ApiOperation } from '../api-operation.ts';

export interface EnterpriseAgentRouteDeps {
  acting: ActingDeps;
  /** The caller a bearer token stands for, or null when it is not a live API token. */
  readToken(token: string): Promise<ApiCaller | null>;
}

const LEGAL_PERSON_ID = /^o_[A-Za-z0-9_-]{1,38}$/;
const GRANT_ID = /^ag_[A-Za-z0-9_-]{22}$/;

const grantBody = z.strictObject({
  agent: z.union([
    z.strictObject({ idNumber: z.string().trim().min(15).max(18) }),
    z.strictObject({ accountId: z.string().regex(/^c_[A-Za-z0-9_-]{1,38}$/) }),
  ]),
  scope: z.union([
    z.literal('all'),
    z.array(z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/)).min(1).max(AGENT_GRANT_LIMITS.maxClientIds),
  ]),
  expiresAt: z.iso.datetime({ offset: true }),
});

type Handler = (req: Request, res: Response, caller: ApiCaller | null) => Promise<void>;

export function enterpriseAgentRoutes(deps: EnterpriseAgentRouteDeps): Router {
  const r = Router();
  const caller = requireCaller(ENTERPRISE_SCOPE, deps.readToken);
  const api = (handler: Handler): RequestHandler[] => [caller, async (req, res, next) => {
    try {
      await handler(req, res, callerOf<ApiCaller>(res));
    } catch (e) {
      next(e);
    }
  }];
  const enterprise = (req: Request) => pathId(LEGAL_PERSON_ID, req.params.id, 'enterprise');

  r.get('/api/enterprises', api(async (_req, res, caller) => {
    res.json({ enterprises: await listRepresentedEnterprises(deps.acting, caller) });
  }));
  r.get('/api/enterprises/:id/agents', api(async (req, res, caller) => {
    res.json({ agents: await listAgents(deps.acting, caller, enterprise(req), requestContext(req)) });
  }));
  r.post('/api/enterprises/:id/agents', api(async (req, res, caller) => {
    const id = enterprise(req);
    // Who asks comes before what they ask: a stranger learns nothing from a validation error.
    if (!caller) throw new AppError('ERR_UNAUTHENTICATED', 'a valid access token is required');
    const body = parse(grantBody, req.body);
    const g = await grantAgent(deps.acting, caller, id, body, requestContext(req));
    res.status(201).json({ agent: { id: g.id, agentId: g.agentId, scope: g.clientIds ?? 'all', grantedAt: g.grantedAt, expiresAt: g.expiresAt } });
  }));
  r.post('/api/enterprises/:id/agents/:grantId/revoke', api(async (req, res, caller) => {
    const g = await revokeAgent(deps.acting, caller, enterprise(req), pathId(GRANT_ID, req.params.grantId, 'agent grant'), requestContext(req));
    res.json({ agent: { id: g.id, agentId: g.agentId, revokedAt: g.revokedAt } });
  }));
  return r;
}

const tag = 'Enterprises';
const access = { scope: ENTERPRISE_SCOPE };
const params = z.object({ id: z.string().regex(LEGAL_PERSON_ID).describe('The enterprise (a legal person\'s account id).') });
const agent = loose('An agent grant: id, agentId, the agent\'s masked name, scope ("all" or client ids), grantedAt, expiresAt.');

export const enterpriseAgentOperations: ApiOperation[] = [
  { id: 'listRepresentedEnterprises', method: 'get', path: '/api/enterprises', tag, access, summary: 'The enterprises the caller represents', responses: { 200: { description: 'Enterprises', json: obj({ enterprises: arr(loose('An enterprise: id, name, credit code.')) }) } }, errors: ['ERR_FORBIDDEN'] },
  { id: 'listAgents', method: 'get', path: '/api/enterprises/:id/agents', tag, access, params, summary: 'Who may act for the enterprise (grants not revoked)', responses: { 200: { description: 'Agents', json: obj({ agents: arr(agent) }) } }, errors: ['ERR_FORBIDDEN'] },
  {
    id: 'grantAgent', method: 'post', path: '/api/enterprises/:id/agents', tag, access, params, summary: 'Authorise a citizen to act for the enterprise (法人办事授权)',
    body: { json: grantBody }, responses: { 201: { description: 'The grant', json: obj({ agent }) } }, errors: ['ERR_FORBIDDEN', 'ERR_CONFLICT'],
  },
  {
    id: 'revokeAgent', method: 'post', path: '/api/enterprises/:id/agents/:grantId/revoke', tag, access, params: params.extend({ grantId: z.string().regex(GRANT_ID).describe('Agent grant id.') }),
    summary: 'Revoke an agent\'s grant', responses: { 200: { description: 'The revoked grant', json: obj({ agent: loose('id, agentId, revokedAt.') }) } }, errors: ['ERR_FORBIDDEN', 'ERR_CONFLICT'],
  },
];
