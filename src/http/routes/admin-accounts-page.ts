// The security administrator's pages for citizens' and legal persons' accounts (/admin/accounts,
// duty `accounts`) and any account's sign-in sessions and lockout (/admin/sessions, duty
// `sessions`); admin-console.ts signs in and checks. Each form does what its API does
// (admin-accounts.ts), through the same use cases and schemas. Searches are posted: an ID number
// never sits in a URL, the browser's history or an access log line.
import { Router } from 'express';
import type { Request } from 'express';
import type { AccountAdminDeps, MaskedAccount } from '../../services/accounts/account-admin-deps.ts';
import { existingAccount, maskedAccount } from '../../services/accounts/account-admin-deps.ts';
import { clearAccountLockout } from '../../services/accounts/clear-account-lockout.ts';
import { endAccountSessions, listAccountSessions } from '../../services/accounts/end-account-sessions.ts';
import { findAccounts } from '../../services/accounts/find-accounts.ts';
import { resetAccountCredentials } from '../../services/accounts/reset-account-credentials.ts';
import { setAccountStatus } from '../../services/accounts/set-account-status.ts';
import { adminAccountsMessages } from '../views/admin-accounts-i18n.ts';
import { accountRecordPage, accountSearchPage, notice } from '../views/admin-accounts-page.ts';
import type { Mode } from '../views/admin-accounts-page.ts';
import type { AdminView } from '../views/admin-frame.ts';
import type { AdminMessages } from '../views/admin-i18n.ts';
import { parse } from '../parse.ts';
import { accountSchemas } from './admin-accounts.ts';
import type { AdminConsole } from './admin-console.ts';

export function adminAccountsPages(deps: { accounts: AccountAdminDeps; page: AdminConsole['show']; post: AdminConsole['act'] }): Router {
  const r = Router();
  const d = deps.accounts;
  const m = (v: AdminView) => adminAccountsMessages(v.o.lang);
  /** What a posted search found, for the page that answers it. */
  const searched = new WeakMap<Request, { found: MaskedAccount[]; by: string }>();
  const form = (req: Request) => (req.body ?? {}) as Record<string, unknown>;

  const scopeOf = (mode: Mode) => (mode === 'accounts' ? 'people' as const : 'any' as const);
  const titleOf = (mode: Mode) => (a: AdminMessages) => (mode === 'accounts' ? a.accountsPage : a.sessionsPage);
  const id = (req: Request) => parse(accountSchemas.id, req.params.id);
  const recordViewOf = (mode: Mode) => async (v: AdminView, req: Request) => {
    const accountId = id(req);
    const account = await maskedAccount(d.kv, await existingAccount(d.accounts, accountId, scopeOf(mode)));
    return accountRecordPage(v, m(v), mode, account, await listAccountSessions(d, accountId, scopeOf(mode)));
  };

  for (const mode of ['accounts', 'sessions'] as Mode[]) {
    const scope = scopeOf(mode);
    const title = titleOf(mode);
    const searchView = async (v: AdminView, req: Request) => {
      const s = searched.get(req);
      const by = s?.by ?? (typeof form(req).by === 'string' ? String(form(req).by) : undefined);
      return accountSearchPage(v, m(v), mode, s?.found ?? null, by ? { by } : {});
    };
    const recordView = recordViewOf(mode);
    const at = `/admin/${mode}`;

    r.get(at, deps.page(mode, title, searchView));
    r.post(`${at}/search`, deps.post(mode, title, searchView, async (req, actor) => {
      const b = form(req);
      const query = parse(mode === 'accounts' ? accountSchemas.peopleSearch : accountSchemas.anySearch, { by: b.by, value: b.value });
      searched.set(req, { found: await findAccounts(d, query, scope, actor), by: query.by });
      return {};
    }));
    r.get(`${at}/:id`, deps.page(mode, title, recordView));
    r.post(mode === 'accounts' ? `${at}/:id/sessions/end` : `${at}/:id/end`, deps.post(mode, title, recordView, async (req, actor, _a, v) => {
      const b = form(req);
      const body = parse(accountSchemas.endSessions, b.sessionId ? { sessionId: b.sessionId } : {});
      const ended = await endAccountSessions(d, id(req), body.sessionId ?? null, scope, actor);
      return { notice: notice(m(v).endedNotice, { sessions: ended.sessions, apps: ended.backchannel.length }) };
    }));
  }

  const people = (action: Parameters<AdminConsole['act']>[3]) => deps.post('accounts', titleOf('accounts'), recordViewOf('accounts'), action);
  r.post('/admin/accounts/:id/disable', people(async (req, actor, _a, v) => {
    const out = await setAccountStatus(d, id(req), 'disabled', actor);
    return { notice: notice(m(v).disabledNotice, { sessions: out.ended?.sessions ?? 0, apps: out.ended?.backchannel.length ?? 0 }) };
  }));
  r.post('/admin/accounts/:id/enable', people(async (req, actor, _a, v) => {
    await setAccountStatus(d, id(req), 'active', actor);
    return { notice: m(v).enabledNotice };
  }));
  r.post('/admin/accounts/:id/reset', people(async (req, actor, _a, v) => {
    const b = form(req);
    const out = await resetAccountCredentials(d, id(req), parse(accountSchemas.reset, { password: b.password === 'on', authenticator: b.authenticator === 'on' }), actor);
    return { notice: notice(m(v).resetNotice, { sessions: out.ended.sessions }) };
  }));
  r.post('/admin/sessions/:id/lockout/clear', deps.post('sessions', titleOf('sessions'), recordViewOf('sessions'), async (req, actor, _a, v) => {
    await clearAccountLockout(d, id(req), actor);
    return { notice: m(v).clearedNotice };
  }));
  return r;
}
