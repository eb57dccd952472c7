// `/api/admin/accounts`: the security administrator's work on citizens' and legal persons'
// accounts (find them masked, disable and enable, reset the password or authenticator so the
// person proves themselves again, end sessions); `/api/admin/sessions`: any account's sign-in
// sessions and lockout (staff too). Every request carries a yinxin access token for the API with
// the `admin` scope, from the security administrator, whose sign-in included a recent one-time
// password (domain/admin-duties.ts `accounts` and `sessions`). Searches are posted, so an ID
// number never sits in a URL or an access log line. Bodies are checked by zod.
import { Router } from 'express';
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import type { AdminDuty } from '../../domain/admin-duties.ts';
import type { AccountActor, AccountAdminDeps, AccountScope } from '../../services/accounts/account-admin-deps.ts';
import { existingAccount, maskedAccount } from '../../services/accounts/account-admin-deps.ts';
import { clearAccountLockout } from '../../services/accounts/clear-account-lockout.ts';
import { endAccountSessions, listAccountSessions } from '../../services/accounts/end-account-sessions.ts';
import { findAccounts } from '../../services/accounts/find-accounts.ts';
import { resetAccountCredentials } from '../../services/accounts/reset-account-credentials.ts';
import { setAccountStatus } from '../../services/accounts/set-account-status.ts';
import { ADMIN_SCOPE, authorizeAdminDuty } from '../../services/apps/authorize-app-admin.ts';
import type { ApiCaller } from '../../services/apps/authorize-app-admin.ts';
import { callerOf, requireCaller } from '../middleware/require-caller.ts';
import { arr, bool, loose, obj, ref, str } from '../api-operation.ts';
import type { ApiOperation } from '../api-operation.ts';
import { parse } from '../parse.ts';
import { requestContext } from '../request-context.ts';

export interface AdminAccountsDeps {
  accounts: AccountAdminDeps;
  readToken(token: string): Promise<ApiCaller | null>;
  /** How recent an administrator's one-time password must be (seconds). */
  adminOtpMaxAgeS?: number;
}

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const value = z.string().trim().min(1).max(64);
const peopleSearch = z.strictObject({ by: z.enum(['phone', 'idNumber', 'creditCode']), value });
const anySearch = z.strictObject({ by: z.enum(['phone', 'idNumber', 'creditCode', 'staffNumber']), value });
const reset = z.strictObject({ password: z.boolean().default(false), authenticator: z.boolean().default(false) })
  .refine((b) => b.password || b.authenticator, { message: 'choose the password, the authenticator or both', path: ['password'] });
const endSessions = z.strictObject({ sessionId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/).optional() });
/** The request shapes, shared with the pages (admin-accounts-page.ts). */
export const accountSchemas = { id, peopleSearch, anySearch, reset, endSessions };

type Handler = (req: Request, res: Response, actor: AccountActor) => Promise<void>;

export function adminAccountRoutes(deps: AdminAccountsDeps): Router {
  const r = Router();
  const d = deps.accounts;
  const caller = requireCaller(ADMIN_SCOPE, deps.readToken);
  const auth = { accounts: d.accounts, audit: d.audit, ...(deps.adminOtpMaxAgeS !== undefined ? { adminOtpMaxAgeS: deps.adminOtpMaxAgeS } : {}) };
  const duty = (which: Extract<AdminDuty, 'accounts' | 'sessions'>) => (handler: Handler): RequestHandler[] => [caller, async (req, res, next) => {
    try {
      await handler(req, res, await authorizeAdminDuty(auth, callerOf<ApiCaller>(res), requestContext(req), which));
    } catch (e) {
      next(e);
    }
  }];
  const accounts = duty('accounts');
  const sessions = duty('sessions');
  const idOf = (req: Request) => parse(id, req.params.id);
  const view = async (accountId: string, scope: AccountScope) => ({
    account: await maskedAccount(d.kv, await existingAccount(d.accounts, accountId, scope)), sessions: await listAccountSessions(d, accountId, scope),
  });
  const end = (scope: AccountScope) => async (req: Request, res: Response, actor: AccountActor) => {
    const body = parse(endSessions, req.body ?? {});
    res.json({ ended: await endAccountSessions(d, idOf(req), body.sessionId ?? null, scope, actor) });
  };

  r.post('/api/admin/accounts/search', accounts(async (req, res, actor) => {
    res.json({ accounts: await findAccounts(d, parse(peopleSearch, req.body), 'people', actor) });
  }));
  r.get('/api/admin/accounts/:id', accounts(async (req, res) => {
    res.json(await view(idOf(req), 'people'));
  }));
  r.post('/api/admin/accounts/:id/disable', accounts(async (req, res, actor) => {
    res.json(await setAccountStatus(d, idOf(req), 'disabled', actor));
  }));
  r.post('/api/admin/accounts/:id/enable', accounts(async (req, res, actor) => {
    res.json(await setAccountStatus(d, idOf(req), 'active', actor));
  }));
  r.post('/api/admin/accounts/:id/reset', accounts(async (req, res, actor) => {
    res.json(await resetAccountCredentials(d, idOf(req), parse(reset, req.body), actor));
  }));
  r.post('/api/admin/accounts/:id/sessions/end', accounts(end('people')));

  r.post('/api/admin/sessions/search', sessions(async (req, res, actor) => {
    res.json({ accounts: await findAccounts(d, parse(anySearch, req.body), 'any', actor) });
  }));
  r.get('/api/admin/sessions/:id', sessions(async (req, res) => {
    res.json(await view(idOf(req), 'any'));
  }));
  r.post('/api/admin/sessions/:id/end', sessions(end('any')));
  r.post('/api/admin/sessions/:id/lockout/clear', sessions(async (req, res, actor) => {
    res.json({ account: await clearAccountLockout(d, idOf(req), actor) });
  }));
  return r;
}

const tag = 'Administration';
const access = { scope: ADMIN_SCOPE };
const params = z.object({ id });
const errors = ['ERR_FORBIDDEN', 'ERR_STEP_UP_REQUIRED', 'ERR_VALIDATION'] as const;
const found = { description: 'The accounts found, masked', json: obj({ accounts: arr(ref('MaskedAccount')) }) };
const one = { description: 'The account, masked, with its open sign-in sessions', json: obj({ account: ref('MaskedAccount'), sessions: arr(ref('AccountSession')) }) };
const changed = { description: 'The account, masked, and what ending its sessions did', json: obj({ account: ref('MaskedAccount'), ended: ref('EndedSessions') }) };
const ended = { description: 'What ending the sessions did', json: obj({ ended: ref('EndedSessions') }) };

export const adminAccountOperations: ApiOperation[] = [
  { id: 'searchAccounts', method: 'post', path: '/api/admin/accounts/search', tag, access, summary: "Find citizens' and legal persons' accounts by phone, ID number (through its blind index) or credit code", body: { json: peopleSearch }, responses: { 200: found }, errors: [...errors] },
  { id: 'readAccount', method: 'get', path: '/api/admin/accounts/:id', tag, access, params, summary: "A citizen's or legal person's account, masked, with its sessions", responses: { 200: one }, errors: [...errors] },
  { id: 'disableAccount', method: 'post', path: '/api/admin/accounts/:id/disable', tag, access, params, summary: 'Disable an account: its sessions end (apps told by back-channel logout), sign-in refused', responses: { 200: changed }, errors: [...errors] },
  { id: 'enableAccount', method: 'post', path: '/api/admin/accounts/:id/enable', tag, access, params, summary: 'Enable a disabled account', responses: { 200: { description: 'The account, masked', json: obj({ account: ref('MaskedAccount') }) } }, errors: [...errors] },
  { id: 'resetAccountCredentials', method: 'post', path: '/api/admin/accounts/:id/reset', tag, access, params, summary: 'Make the password and/or authenticator unusable: the person recovers by SMS or enrols again; sessions end', body: { json: reset }, responses: { 200: changed }, errors: [...errors] },
  { id: 'endAccountSessions', method: 'post', path: '/api/admin/accounts/:id/sessions/end', tag, access, params, summary: "End one (sessionId) or every session of a citizen's or legal person's account", body: { json: endSessions, required: false }, responses: { 200: ended }, errors: [...errors] },
  { id: 'searchSessionAccounts', method: 'post', path: '/api/admin/sessions/search', tag, access, summary: 'Find any account (staff by staff number too) for its sessions and lockout', body: { json: anySearch }, responses: { 200: found }, errors: [...errors] },
  { id: 'readAccountSessions', method: 'get', path: '/api/admin/sessions/:id', tag, access, params, summary: "Any account's sessions and lockout", responses: { 200: one }, errors: [...errors] },
  { id: 'endSessions', method: 'post', path: '/api/admin/sessions/:id/end', tag, access, params, summary: 'End one (sessionId) or every session of any account', body: { json: endSessions, required: false }, responses: { 200: ended }, errors: [...errors] },
  { id: 'clearLockout', method: 'post', path: '/api/admin/sessions/:id/lockout/clear', tag, access, params, summary: "Clear the account's sign-in and recovery lockout counters", responses: { 200: { description: 'The account, masked', json: obj({ account: ref('MaskedAccount') }) } }, errors: [...errors] },
];

export const adminAccountSchemas = {
  MaskedAccount: obj({
    id: str(), kind: str('citizen, legal_person or staff'), name: str('A person\'s name masked (张*丰); a legal person\'s registered name'),
    phone: { type: ['string', 'null'], description: '138****1234' }, idNumber: { type: ['string', 'null'], description: '110101********1234' },
    idNumberChecked: bool, creditCode: { type: ['string', 'null'] }, staffNumber: { type: ['string', 'null'] }, status: str('active or disabled'),
    assurance: str('L1–L4'), hasPassword: bool, authenticator: bool, lockedOut: bool, createdAt: str(),
  }),
  AccountSession: loose('A sign-in session: id (to end it), signedInAt, lastActiveAt (epoch seconds), acr, amr, device (userAgent, ip with its host hidden), apps (clientId, name).'),
  EndedSessions: loose('sessions and grants ended; backchannel: the apps sent a logout token (clientId, ok).'),
};
