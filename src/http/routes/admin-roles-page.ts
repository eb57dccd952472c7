// The roles pages at /admin/roles, the security administrator's: find a staff member, grant and
// take away their roles (set-staff-roles.ts: never one's own, one administrative role per person).
import { Router } from 'express';
import type { Request } from 'express';
import { listStaff } from '../../services/staff/list-staff.ts';
import { setStaffRoles } from '../../services/staff/set-staff-roles.ts';
import { departmentsById, existingStaff, staffSummary } from '../../services/staff/staff-deps.ts';
import type { StaffDeps } from '../../services/staff/staff-deps.ts';
import type { AdminMessages } from '../views/admin-i18n.ts';
import { rolesListPage, rolesRecordPage } from '../views/admin-roles-page.ts';
import type { AdminView } from '../views/admin-frame.ts';
import { parse } from '../parse.ts';
import type { AdminConsole } from './admin-console.ts';
import { staffSchemas } from './admin-staff-schemas.ts';

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v !== '' ? [v] : []);
const title = (a: AdminMessages) => a.rolesPage;

export function adminRolesPages(deps: { staff: StaffDeps; page: AdminConsole['show']; post: AdminConsole['act'] }): Router {
  const r = Router();
  const s = deps.staff;
  const listView = async (v: AdminView, req: Request) => {
    const q = parse(staffSchemas.staffQuery, Object.fromEntries(Object.entries(req.query).filter(([k, x]) => x !== '' && k !== 'lang' && k !== 'large')));
    return rolesListPage(v, await listStaff(s, q), q);
  };
  // The signed-in administrator's own record shows no form: their roles are another's to change.
  const recordView = async (v: AdminView, req: Request) => {
    const account = await existingStaff(s.accounts, parse(staffSchemas.id, req.params.id));
    return rolesRecordPage(v, staffSummary(account, await departmentsById(s.accounts)), account.id === v.actorId);
  };

  r.get('/admin/roles', deps.page('roles', title, listView));
  r.get('/admin/roles/:id', deps.page('roles', title, recordView));
  r.post('/admin/roles/:id', deps.post('roles', title, recordView, async (req, actor, a) => {
    await setStaffRoles(s, parse(staffSchemas.id, req.params.id), parse(staffSchemas.roles, { roles: list((req.body as Record<string, unknown>).roles) }).roles, actor);
    return { notice: a.rolesSaved };
  }));
  return r;
}
