// `POST /api/identity/real-name {name, idNumber}`: an app submits the real-name check for the
// citizen its access token stands for (the token needs the `identity` scope for the API). A
// match raises the account to L2 and answers its new level and masked number.
import { Router } from 'express';
import type { NextFunction, Request, Response } from 'express';
import { callerOf, requireCaller } from '../middleware/require-caller.ts';
import { z } from 'zod';
import type { ApiCaller } from '../../services/apps/authorize-app-admin.ts';
import { IDENTITY_SCOPE, realNameCaller, verifyRealName } from '../../services/identity/verify-real-name.ts';
import type { RealNameDeps } from '../../services/identity/verify-real-name.ts';
import { requestContext } from '../request-context.ts';
import { parse } from '../parse.ts';
import { nullable, obj, str } from '../api-operation.ts';
import type { ApiOperation } from '../api-operation.ts';

export interface RealNameApiDeps {
  realName: RealNameDeps;
  /** The caller a bearer token stands for, or null when it is not a live API token. */
  readToken(token: string): Promise<ApiCaller | null>;
}

const body = z.strictObject({ name: z.string().max(64), idNumber: z.string().max(32) });

export function realNameApiRoutes(deps: RealNameApiDeps): Router {
  const r = Router();
  r.post('/api/identity/real-name', requireCaller(IDENTITY_SCOPE, deps.readToken), async (req: Request, res: Response, next: NextFunction) => {
    try {
      const accountId = realNameCaller(callerOf<ApiCaller>(res));
      const account = await verifyRealName(deps.realName, accountId, parse(body, req.body), requestContext(req));
      res.json({ assurance: account.assurance, idNumberMasked: account.citizen?.idNumberMasked ?? null });
    } catch (e) {
      next(e);
    }
  });
  return r;
}

export const realNameOperations: ApiOperation[] = [{
  id: 'verifyRealName', method: 'post', path: '/api/identity/real-name', tag: 'Identity', access: { scope: IDENTITY_SCOPE },
  summary: 'Real-name check of the citizen the token stands for', description: 'A match raises the account to L2.', body: { json: body },
  responses: { 200: { description: 'The account\'s new level and masked ID number', json: obj({ assurance: str(), idNumberMasked: nullable('string') }) } },
  errors: ['ERR_FORBIDDEN', 'ERR_RATE_LIMITED', 'ERR_REAL_NAME_MISMATCH', 'ERR_ID_NUMBER_TAKEN'],
}];
