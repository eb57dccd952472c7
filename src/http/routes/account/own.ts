// The signed-in person as the account pages' own use cases see them (services/identity/own-account-deps.ts).
import type { Request } from 'express';
import type { OwnCaller } from '../../../services/identity/own-account-deps.ts';
import { requestContext } from '../../request-context.ts';
import type { Signed } from './account-context.ts';

export function ownCaller(req: Request, who: Signed): OwnCaller {
  return { accountId: who.account.id, sessionUid: who.caller.sessionUid ?? null, authTime: who.caller.sessionAuthTime ?? null, ...requestContext(req) };
}
