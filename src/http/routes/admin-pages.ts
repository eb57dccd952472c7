// The staff directory admin pages at /admin/departments and /admin/staff, the system
// administrator's; and the console's shared routes (sign-in callback, landing, style sheet).
// Sign-in and checks: admin-console.ts.
import { readFileSync } from 'node:fs';
import { Router } from 'express';
import type { Request } from 'express';
import { addDepartment } from '../../services/staff/add-department.ts';
import { createStaff } from '../../services/staff/create-staff.ts';
import { treeOf } from '../../services/staff/department-tree.ts';
import { listStaff } from '../../services/staff/list-staff.ts';
import { addPosition, renamePosition } from '../../services/staff/positions.ts';
import { readStaffImport, startStaffImport } from '../../services/staff/start-staff-import.ts';
import type { StaffImportJob } from '../../services/staff/start-staff-import.ts';
import { resetStaffPassword } from '../../services/staff/reset-staff-password.ts';
import { setStaffStatus } from '../../services/staff/set-staff-status.ts';
import { departmentsById, existingStaff, staffSummary } from '../../services/staff/staff-deps.ts';
import type { StaffDeps } from '../../services/staff/staff-deps.ts';
import { updateDepartment } from '../../services/staff/update-department.ts';
import { updateStaff } from '../../services/staff/update-staff.ts';
import type { AdminMessages } from '../views/admin-i18n.ts';
import { departmentsPage, staffListPage, staffRecordPage } from '../views/admin-pages.ts';
import { frame } from '../views/admin-frame.ts';
import { esc } from '../views/html.ts';
import { importJobMessages } from '../views/import-job-i18n.ts';
import { jobSection } from '../views/import-job-view.ts';
import type { JobSummary } from '../views/import-job-view.ts';
import { AppError } from '../../domain/errors.ts';
import { postedFile, readMultipart } from '../multipart-form.ts';
import type { AdminView } from '../views/admin-frame.ts';
import { staffSchemas } from './admin-staff-schemas.ts';
import { parse } from '../parse.ts';
import { adminConsole } from './admin-console.ts';
import type { AdminConsoleDeps } from './admin-console.ts';
import { adminAppsPages } from './admin-apps-page.ts';
import type { AdminAppsPageDeps } from './admin-apps-page.ts';
import { adminRolesPages } from './admin-roles-page.ts';
import { adminAccountsPages } from './admin-accounts-page.ts';
import type { AccountAdminDeps } from '../../services/accounts/account-admin-deps.ts';
import { adminSealsPages } from './admin-seals-page.ts';
import type { SealService } from '../../services/seals/seal-service.ts';
import { adminServiceItemsPages } from './admin-service-items-page.ts';
import type { LicenceUseDeps } from '../../services/licence-use/licence-use-deps.ts';

export { STAFF_ADMIN_CLIENT_ID, staffAdminApp } from './admin-console.ts';

const css = readFileSync(new URL('../views/admin.css', import.meta.url), 'utf8');

export interface AdminPageDeps extends Omit<AdminConsoleDeps, 'auth' | 'kv'> {
  /** Page sessions and import jobs (the shared key-value store). */
  kv: Parameters<typeof startStaffImport>[0]['kv'];
  staff: StaffDeps;
  /** How recent an administrator's one-time password must be (seconds). */
  adminOtpMaxAgeS?: number;
  /** Recent sign-ins per app, from the audit log (absent: not shown). */
  auditStore?: AdminAppsPageDeps['auditStore'];
  /** Citizens' and legal persons' accounts, any account's sessions and lockout (absent: those pages are not served). */
  accountAdmin?: AccountAdminDeps;
  /** The seal use cases behind /admin/seals (absent: no seal pages). */
  seals?: SealService;
  /** The service item catalogue and apps' licence-use permissions (absent: no such pages). */
  licenceUse?: LicenceUseDeps;
}

/** The staff import job as the page shows it. */
const staffJobSummary = (job: StaffImportJob): JobSummary => ({
  id: job.id, state: job.state, total: job.total, processed: job.processed, ok: job.created + job.existing, failed: job.failed, failure: job.failure,
  errors: job.errors.map((e) => ({ line: e.line, key: e.staffNumber, code: e.code, issues: e.issues })),
});

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v !== '' ? [v] : []);

export function adminPageRoutes(deps: AdminPageDeps): Router {
  const r = Router();
  const s = deps.staff;
  const auth = { ...s, ...(deps.adminOtpMaxAgeS !== undefined ? { adminOtpMaxAgeS: deps.adminOtpMaxAgeS } : {}) };
  const { show: page, act: post, send, gate, landing, callback } = adminConsole({ ...deps, auth });

  type Render = (v: AdminView, req: Request) => Promise<string>;
  const views: Record<'departments' | 'staff' | 'record', Render> = {
    departments: async (v) => {
      const departments = await s.accounts.departments();
      return departmentsPage(v, treeOf(departments), departments);
    },
    staff: async (v, req) => {
      const q = parse(staffSchemas.staffQuery, Object.fromEntries(Object.entries(req.query).filter(([k, x]) => x !== '' && k !== 'lang' && k !== 'large')));
      return staffListPage(v, await listStaff(s, q), q, await s.accounts.departments(), await s.directory.positions());
    },
    record: async (v, req) => {
      const account = await existingStaff(s.accounts, parse(staffSchemas.id, req.params.id));
      return staffRecordPage(v, staffSummary(account, await departmentsById(s.accounts)), await s.accounts.departments(), await s.directory.positions());
    },
  };
  const titles = { departments: (a: AdminMessages) => a.departments, staff: (a: AdminMessages) => a.staff, record: (a: AdminMessages) => a.staff };
  const duty = { departments: 'departments', staff: 'staff', record: 'staff' } as const;
  const show = (which: keyof typeof views) => page(duty[which], titles[which], views[which]);
  const act = (which: keyof typeof views, action: Parameters<typeof post>[3]) => post(duty[which], titles[which], views[which], action);
  const form = (req: Request) => req.body as Record<string, unknown>;

  r.get('/admin', landing);
  r.get('/static/admin.css', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('css').send(css);
  });
  r.get('/admin/callback', callback);

  r.get('/admin/departments', show('departments'));
  r.post('/admin/departments', act('departments', async (req, actor, a) => {
    const b = form(req);
    await addDepartment(s, parse(staffSchemas.newDepartment, { id: b.id, name: b.name, kind: b.kind, parentId: b.parentId ? b.parentId : null }), actor);
    return { notice: a.saved };
  }));
  r.post('/admin/departments/change', act('departments', async (req, actor, a) => {
    const b = form(req);
    const change = parse(staffSchemas.departmentChange, {
      ...(b.name ? { name: b.name } : {}), ...(b.parentId && b.parentId !== '-' ? { parentId: b.parentId } : {}),
    });
    await updateDepartment(s, parse(staffSchemas.id, b.id), change, actor);
    return { notice: a.saved };
  }));
  r.get('/admin/staff', show('staff'));
  r.post('/admin/staff', act('staff', async (req, actor, a) => {
    const b = form(req);
    const out = await createStaff(s, parse(staffSchemas.newStaff, {
      staffNumber: b.staffNumber, name: b.name, departmentId: b.departmentId, positions: list(b.positions), roles: list(b.roles), phone: b.phone ? b.phone : null,
    }), actor);
    return { notice: `${a.created}: ${out.staff.staffNumber} ${out.staff.name}`, ...(out.initialPassword ? { secret: out.initialPassword } : {}) };
  }));
  r.post('/admin/positions', act('staff', async (req, actor, a) => {
    const b = form(req);
    await addPosition(s, parse(staffSchemas.newPosition, { id: b.id, name: b.name }), actor);
    return { notice: a.saved };
  }));
  r.post('/admin/positions/change', act('staff', async (req, actor, a) => {
    const b = form(req);
    const { name } = parse(staffSchemas.positionChange, { name: b.name });
    await renamePosition(s, parse(staffSchemas.id, b.id), name, actor);
    return { notice: a.saved };
  }));
  // CSV import: the file is posted, then its job's page follows the progress (import-job.js).
  r.post('/admin/staff/imports', gate, readMultipart('10mb'), act('staff', async (req, actor, _a, v) => {
    const file = postedFile(req, 'file');
    if (!file) throw new AppError('ERR_VALIDATION', 'no file', { details: { issues: [{ path: ['file'], code: 'required', message: importJobMessages(v.o.lang).noFile }] } });
    const { job } = await startStaffImport({ staff: s, kv: deps.kv }, file.bytes.toString('utf8'), actor);
    return { redirect: `/admin/staff/imports/${job.id}` };
  }));
  r.get('/admin/staff/imports/:job', page('staff', titles.staff, async (v, req) => {
    const t = importJobMessages(v.o.lang);
    const job = await readStaffImport(deps, String(req.params.job));
    return frame(v, `${jobSection(staffJobSummary(job), t, `/admin/staff/imports/${job.id}/progress`)}<p><a href="/admin/staff">${esc(t.staffBack)}</a></p>`);
  }));
  r.get('/admin/staff/imports/:job/progress', send('staff', async (req, res) => {
    const job = await readStaffImport(deps, String(req.params.job));
    res.json({ job, summary: staffJobSummary(job) });
  }));
  r.get('/admin/staff/:id', show('record'));
  r.post('/admin/staff/:id', act('record', async (req, actor, a) => {
    const b = form(req);
    await updateStaff(s, parse(staffSchemas.id, req.params.id), parse(staffSchemas.staffChange, {
      name: b.name, departmentId: b.departmentId, positions: list(b.positions),
    }), actor);
    return { notice: a.saved };
  }));
  r.post('/admin/staff/:id/disable', act('record', async (req, actor, a) => {
    const out = await setStaffStatus(s, parse(staffSchemas.id, req.params.id), 'disabled', actor);
    return { notice: a.endedSessions.replace('{sessions}', String(out.ended?.sessions ?? 0)).replace('{apps}', String(out.ended?.backchannel.length ?? 0)) };
  }));
  r.post('/admin/staff/:id/enable', act('record', async (req, actor, a) => {
    await setStaffStatus(s, parse(staffSchemas.id, req.params.id), 'active', actor);
    return { notice: a.enabled };
  }));
  r.post('/admin/staff/:id/password', act('record', async (req, actor, a) => {
    const out = await resetStaffPassword(s, parse(staffSchemas.id, req.params.id), actor);
    return { notice: a.passwordReset, secret: out.initialPassword };
  }));
  r.use(adminRolesPages({ staff: s, page, post }));
  if (deps.accountAdmin) r.use(adminAccountsPages({ accounts: deps.accountAdmin, page, post }));
  if (deps.seals) r.use(adminSealsPages({ seals: deps.seals, staff: s, page, post }));
  r.use(adminAppsPages({ apps: deps.apps, page, post, ...(deps.auditStore ? { auditStore: deps.auditStore } : {}), licenceUsePages: deps.licenceUse !== undefined }));
  if (deps.licenceUse) r.use(adminServiceItemsPages({ licenceUse: deps.licenceUse, apps: deps.apps, page, post }));
  return r;
}
