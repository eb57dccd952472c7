// The sign-in history section (/account/history?before=SEQ): one's own sign-in records from the
// audit log, a page at a time (services/identity/sign-in-history.ts).
import { Router } from 'express';
import { signInHistory } from '../../../services/identity/sign-in-history.ts';
import { historyPage } from '../../views/account/history.ts';
import type { AccountContext } from './account-context.ts';

const PATH = '/account/history';

export function historySection(ctx: AccountContext): Router {
  const r = Router();
  r.get(PATH, ctx.page(async (req, res, who) => {
    const raw = typeof req.query.before === 'string' ? req.query.before : '';
    const before = /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : undefined;
    const { records, nextBefore } = await signInHistory(ctx.deps.own, who.account.id, before === undefined ? {} : { beforeSeq: before });
    res.type('html').send(historyPage(ctx.options(req, res, PATH), { records, nextBefore, paged: before !== undefined }));
  }));
  return r;
}
