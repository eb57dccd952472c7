// The seal pages at /admin/seals (admin-console.ts signs in and checks, SEAL_PAGES): seal keepers
// apply for their department's seals, seal approvers approve, the security administrator (the
// `seals` duty) suspends, resumes and revokes any seal and grants or ends its use; a seal keeper
// also grants, suspends and revokes their own department's seals. Every form calls the same use
// case as `/api/seals` with the same checks (services/seals), so the pages allow exactly what the
// API allows. A clerk to grant is found with the staff directory's search (list-staff.ts).
import { Router } from 'express';
import type { Request } from 'express';
import { z } from 'zod';
import { AppError } from '../../domain/errors.ts';
import { SEAL_KINDS, SEAL_STATUSES, effectiveStatus, organisationOf, ownerKey } from '../../domain/seal.ts';
import type { SealActor } from '../../services/seals/seal-deps.ts';
import type { SealService } from '../../services/seals/seal-service.ts';
import { listStaff } from '../../services/staff/list-staff.ts';
import type { StaffDeps } from '../../services/staff/staff-deps.ts';
import { adminSealsMessages } from '../views/admin-seals-i18n.ts';
import { sealListPage, sealRecordPage } from '../views/admin-seals-page.ts';
import type { AdminView } from '../views/admin-frame.ts';
import type { AdminMessages } from '../views/admin-i18n.ts';
import { parse, pathId } from '../parse.ts';
import { requestContext } from '../request-context.ts';
import { SEAL_PAGES } from './admin-console.ts';
import type { AdminConsole } from './admin-console.ts';
import { applyBody, grantBody, grantIdParam, reasonBody, revokeBody, sealIdParam } from './seals-schemas.ts';

export interface AdminSealsPageDeps {
  seals: SealService;
  staff: Pick<StaffDeps, 'accounts' | 'directory' | 'clock'>;
  page: AdminConsole['show'];
  post: AdminConsole['act'];
}

const title = (a: AdminMessages) => a.sealsPage;
const text = z.string().trim().min(1).max(64);
const listQuery = z.strictObject({
  kind: z.enum(SEAL_KINDS).optional(), status: z.enum(SEAL_STATUSES).optional(), departmentId: z.string().min(1).max(64).optional(), q: text.optional(),
});
const recordQuery = z.strictObject({ q: text.optional() });
/** A form's datetime-local value, read as UTC. */
const utc = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) ? `${v}:00Z` : v === '' ? undefined : v);
/** A query without the empty fields and the page preferences. */
const query = (req: Request) => Object.fromEntries(Object.entries(req.query).filter(([k, x]) => x !== '' && k !== 'lang' && k !== 'large'));

export function adminSealsPages(deps: AdminSealsPageDeps): Router {
  const r = Router();
  const m = (v: AdminView) => adminSealsMessages(v.o.lang);
  const actorOf = (v: AdminView, req: Request): SealActor => ({ accountId: v.actorId, ...requestContext(req) });
  const sealId = (req: Request) => pathId(sealIdParam, req.params.id, 'seal');
  const form = (req: Request) => req.body as Record<string, unknown>;
  const me = async (v: AdminView) => {
    const a = await deps.staff.accounts.findById(v.actorId);
    if (a === null) throw new AppError('ERR_FORBIDDEN', 'no active account');
    return a;
  };

  const listView = async (v: AdminView, req: Request) => {
    const q = parse(listQuery, query(req));
    const now = deps.staff.clock.now();
    const account = await me(v);
    const listed = await deps.seals.list(actorOf(v, req));
    const owners = [...new Map(listed.map((l) => [l.seal.owner.id, { id: l.seal.owner.id, name: l.seal.owner.name }])).values()];
    const rows = listed.map((l) => ({ seal: l.seal, status: effectiveStatus(l.seal, now) }))
      .filter((x) => (q.kind === undefined || x.seal.kind === q.kind) && (q.status === undefined || x.status === q.status)
        && (q.departmentId === undefined || x.seal.owner.id === q.departmentId) && (q.q === undefined || x.seal.name.includes(q.q)))
      .sort((x, y) => y.seal.createdAt.localeCompare(x.seal.createdAt));
    const keeperOf = account.staff?.roles.includes('seal_keeper') ? account.staff.departmentId : null;
    return sealListPage(v, m(v), rows, { ...q, ...(q.q ? { text: q.q } : {}) }, owners, keeperOf === null ? null : { departmentId: keeperOf });
  };

  const recordView = async (v: AdminView, req: Request) => {
    const q = parse(recordQuery, query(req));
    const actor = actorOf(v, req);
    const d = await deps.seals.read({ sealId: sealId(req) }, actor);
    const account = await me(v);
    const roles = account.staff?.roles ?? [];
    const now = deps.staff.clock.now();
    const status = effectiveStatus(d.seal, now);
    const uses = d.grants === null ? null : await deps.seals.uses({ sealId: d.seal.id }, actor);
    const org = organisationOf(account);
    // What the use cases allow this person (suspend-seal.ts, resume-seal.ts, revoke-seal.ts, grant-seal.ts).
    const administers = d.grants !== null && org !== null && ownerKey(org) === ownerKey(d.seal.owner);
    const duty = roles.includes('security_admin');
    const approver = roles.includes('seal_approver');
    const live = status === 'active' || status === 'suspended';
    const may = {
      approve: approver && status === 'pending' && d.seal.applicantId !== account.id,
      ownApplication: approver && status === 'pending' && d.seal.applicantId === account.id,
      suspend: status === 'active' && (administers || approver || duty),
      resume: status === 'suspended' && (approver || duty),
      revoke: live && (administers || approver || duty),
      grant: d.grants !== null,
    };
    const found = q.q === undefined || !may.grant || d.seal.owner.kind !== 'department' ? null
      : (await listStaff(deps.staff, { text: q.q, departmentId: d.seal.owner.id, subtree: false, status: 'active', limit: 20, offset: 0 })).staff;
    const ids = new Set<string>([d.seal.applicantId, ...(d.seal.approverId ? [d.seal.approverId] : [])]);
    for (const g of d.grants ?? []) ids.add(g.accountId).add(g.grantedBy);
    for (const u of uses ?? []) ids.add(u.accountId);
    for (const e of d.events) if (e.actorId) ids.add(e.actorId);
    const names = new Map<string, string>();
    for (const id of ids) {
      const a = await deps.staff.accounts.findById(id);
      if (a) names.set(id, a.staff ? `${a.name}（${a.staff.staffNumber}）` : a.name);
    }
    return sealRecordPage(v, m(v), { seal: d.seal, status, events: d.events, grants: d.grants, uses, names, found, query: q.q ?? '', may, now });
  };

  /** A refusal of the seal rules (wrong status, two-person rule…) shown on the page with its code. */
  const onPage = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof AppError && e.code.startsWith('ERR_SEAL_')) {
        throw new AppError('ERR_CONFLICT', e.message, { details: { issues: [{ path: [], code: e.code, message: e.message }] } });
      }
      throw e;
    }
  };

  r.get('/admin/seals', deps.page(SEAL_PAGES, title, listView));
  r.post('/admin/seals', deps.post(SEAL_PAGES, title, listView, async (req, actor, _a, v) => {
    const b = form(req);
    const body = parse(applyBody, {
      kind: b.kind, owner: { kind: 'department', id: b.departmentId },
      validityYears: typeof b.validityYears === 'string' && /^\d{1,2}$/.test(b.validityYears) ? Number(b.validityYears) : b.validityYears,
      ...(typeof b.personName === 'string' && b.personName.trim() ? { personName: b.personName } : {}),
    });
    const seal = await onPage(() => deps.seals.apply({ ...body, image: null }, { accountId: actor.id, clientIp: actor.clientIp, requestId: actor.requestId }));
    return { notice: `${m(v).applied}${seal.name}` };
  }));
  r.get('/admin/seals/:id', deps.page(SEAL_PAGES, title, recordView));

  const sealActor = (actor: { id: string; clientIp: string | null; requestId: string | null }): SealActor => ({ accountId: actor.id, clientIp: actor.clientIp, requestId: actor.requestId });
  r.post('/admin/seals/:id/approve', deps.post(SEAL_PAGES, title, recordView, async (req, actor, _a, v) => {
    const { reason } = parse(reasonBody, { reason: form(req).reason });
    await onPage(() => deps.seals.approve({ sealId: sealId(req), reason }, sealActor(actor)));
    return { notice: m(v).approved };
  }));
  for (const action of ['suspend', 'resume'] as const) {
    r.post(`/admin/seals/:id/${action}`, deps.post(SEAL_PAGES, title, recordView, async (req, actor, _a, v) => {
      const { reason } = parse(reasonBody, { reason: form(req).reason });
      const done = await onPage(() => deps.seals[action]({ sealId: sealId(req), reason }, sealActor(actor)));
      const t = m(v);
      return { notice: `${action === 'suspend' ? t.suspended : t.resumed}${done.crlIssued ? ` ${t.crlIssued}` : ''}` };
    }));
  }
  r.post('/admin/seals/:id/revoke', deps.post(SEAL_PAGES, title, recordView, async (req, actor, _a, v) => {
    const b = form(req);
    const body = parse(revokeBody, { reason: b.reason, ...(b.revocationReason ? { revocationReason: b.revocationReason } : {}) });
    const done = await onPage(() => deps.seals.revoke({ sealId: sealId(req), ...body }, sealActor(actor)));
    const t = m(v);
    return { notice: `${t.revoked}${done.crlIssued ? ` ${t.crlIssued}` : ''}` };
  }));
  r.post('/admin/seals/:id/grants', deps.post(SEAL_PAGES, title, recordView, async (req, actor, _a, v) => {
    const b = form(req);
    const expires = utc(b.expiresAt);
    const body = parse(grantBody, { accountId: b.accountId, ...(expires === undefined ? {} : { expiresAt: expires }) });
    const grant = await onPage(() => deps.seals.grant({ sealId: sealId(req), accountId: body.accountId, expiresAt: body.expiresAt ? new Date(body.expiresAt) : null }, sealActor(actor)));
    const who = await deps.staff.accounts.findById(grant.accountId);
    return { notice: `${m(v).granted}${who?.name ?? grant.accountId}` };
  }));
  r.post('/admin/seals/:id/grants/:grantId/end', deps.post(SEAL_PAGES, title, recordView, async (req, actor, _a, v) => {
    const grantId = pathId(grantIdParam, req.params.grantId, 'grant');
    const d = await deps.seals.read({ sealId: sealId(req) }, sealActor(actor));
    // As the API: only the seal's administrator sees its grants; a grant of another seal is not this one's.
    if (d.grants === null) throw new AppError('ERR_FORBIDDEN', "only the seal's administrator may end a grant");
    if (!d.grants.some((g) => g.id === grantId)) throw new AppError('ERR_NOT_FOUND', 'no such grant of this seal');
    await deps.seals.endGrant({ grantId }, sealActor(actor));
    return { notice: m(v).grantEndedNotice };
  }));
  return r;
}
