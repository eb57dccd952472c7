// `/api/admin/departments`, `/api/admin/staff`, `/api/admin/positions`: the staff directory, the
// system administrator's; `/api/admin/roles`: staff members' roles, the security administrator's.
// Every request carries a yinxin access token for the API with the `admin` scope, from the
// administrator holding the duty whose sign-in included a recent one-time password
// (authorize-account-admin.ts). Bodies
// and queries are checked by zod; every issue names its field and a stable code. Initial
// passwords appear in the one response that issues them (no-store). CSV imports run as jobs.
import express, { Router } from 'express';
import type { Request, RequestHandler, Response } from 'express';
import { callerOf, requireCaller } from '../middleware/require-caller.ts';
import { z } from 'zod';
import { ADMIN_SCOPE } from '../../services/apps/authorize-app-admin.ts';
import type { ApiCaller } from '../../services/apps/authorize-app-admin.ts';
import { addDepartment } from '../../services/staff/add-department.ts';
import { authorizeAccountAdmin } from '../../services/staff/authorize-account-admin.ts';
import { createStaff } from '../../services/staff/create-staff.ts';
import { treeOf } from '../../services/staff/department-tree.ts';
import { readStaffImport, startStaffImport } from '../../services/staff/start-staff-import.ts';
import { listStaff } from '../../services/staff/list-staff.ts';
import { addPosition, listPositions, renamePosition } from '../../services/staff/positions.ts';
import { resetStaffPassword } from '../../services/staff/reset-staff-password.ts';
import { setStaffRoles } from '../../services/staff/set-staff-roles.ts';
import { setStaffStatus } from '../../services/staff/set-staff-status.ts';
import { departmentsById, existingStaff, staffSummary } from '../../services/staff/staff-deps.ts';
import type { StaffActor, StaffDeps } from '../../services/staff/staff-deps.ts';
import { updateDepartment } from '../../services/staff/update-department.ts';
import { updateStaff } from '../../services/staff/update-staff.ts';
import { requestContext } from '../request-context.ts';
import { staffSchemas } from './admin-staff-schemas.ts';
import { parse } from '../parse.ts';
import { arr, loose, obj, ref, str } from '../api-operation.ts';
import type { ApiOperation } from '../api-operation.ts';

export interface AdminStaffDeps {
  staff: StaffDeps;
  /** Where import jobs are kept (the shared key-value store). */
  kv: Parameters<typeof startStaffImport>[0]['kv'];
  /** The caller a bearer token stands for, or null when it is not a live API token. */
  readToken(token: string): Promise<ApiCaller | null>;
  /** How recent an administrator's one-time password must be (seconds). */
  adminOtpMaxAgeS?: number;
}

const CSV_TYPES = ['text/csv', 'text/plain', 'application/csv'];
const csvBody = z.string({ error: 'a CSV body (text/csv) is required' }).min(1);

type Handler = (req: Request, res: Response, actor: StaffActor) => Promise<void>;

export function adminStaffRoutes(deps: AdminStaffDeps): Router {
  const r = Router();
  const s = deps.staff;
  const caller = requireCaller(ADMIN_SCOPE, deps.readToken);
  const auth = { ...s, ...(deps.adminOtpMaxAgeS !== undefined ? { adminOtpMaxAgeS: deps.adminOtpMaxAgeS } : {}) };
  const duty = (d: 'departments' | 'staff' | 'roles') => (handler: Handler): RequestHandler[] => [caller, async (req, res, next) => {
    try {
      await handler(req, res, await authorizeAccountAdmin(auth, callerOf<ApiCaller>(res), requestContext(req), d));
    } catch (e) {
      next(e);
    }
  }];
  const admin = duty('staff');
  const departments = duty('departments');
  const security = duty('roles');
  const id = (req: Request) => parse(staffSchemas.id, req.params.id);
  const csvText = express.text({ type: CSV_TYPES, limit: '10mb' });
  /** The body, read only once the caller is known to be the system administrator: a stranger's upload is never read or inflated. */
  const readCsv = (req: Request, res: Response) => new Promise<unknown>((resolve, reject) => {
    csvText(req, res, (err?: unknown) => (err ? reject(err) : resolve(req.body)));
  });

  r.get('/api/admin/departments', departments(async (_req, res) => {
    res.json({ tree: treeOf(await s.accounts.departments()) });
  }));
  r.post('/api/admin/departments', departments(async (req, res, actor) => {
    res.status(201).json({ department: await addDepartment(s, parse(staffSchemas.newDepartment, req.body), actor) });
  }));
  r.patch('/api/admin/departments/:id', departments(async (req, res, actor) => {
    res.json({ department: await updateDepartment(s, id(req), parse(staffSchemas.departmentChange, req.body), actor) });
  }));

  r.get('/api/admin/positions', departments(async (_req, res) => {
    res.json({ positions: await listPositions(s) });
  }));
  r.post('/api/admin/positions', departments(async (req, res, actor) => {
    res.status(201).json({ position: await addPosition(s, parse(staffSchemas.newPosition, req.body), actor) });
  }));
  r.patch('/api/admin/positions/:id', departments(async (req, res, actor) => {
    res.json({ position: await renamePosition(s, id(req), parse(staffSchemas.positionChange, req.body).name, actor) });
  }));

  r.get('/api/admin/staff', admin(async (req, res) => {
    res.json(await listStaff(s, parse(staffSchemas.staffQuery, req.query)));
  }));
  r.post('/api/admin/staff', admin(async (req, res, actor) => {
    res.status(201).json(await createStaff(s, parse(staffSchemas.newStaff, req.body), actor));
  }));
  r.post('/api/admin/staff/imports', admin(async (req, res, actor) => {
    const raw = await readCsv(req, res);
    const csv = parse(csvBody, typeof raw === 'string' ? raw : undefined);
    const { job } = await startStaffImport({ staff: s, kv: deps.kv }, csv, actor);
    res.status(202).location(`/api/admin/staff/imports/${job.id}`).json({ job });
  }));
  r.get('/api/admin/staff/imports/:job', admin(async (req, res) => {
    res.json({ job: await readStaffImport(deps, String(req.params.job)) });
  }));
  r.get('/api/admin/staff/:id', admin(async (req, res) => {
    res.json({ staff: staffSummary(await existingStaff(s.accounts, id(req)), await departmentsById(s.accounts)) });
  }));
  r.patch('/api/admin/staff/:id', admin(async (req, res, actor) => {
    res.json({ staff: await updateStaff(s, id(req), parse(staffSchemas.staffChange, req.body), actor) });
  }));
  r.post('/api/admin/staff/:id/disable', admin(async (req, res, actor) => {
    const out = await setStaffStatus(s, id(req), 'disabled', actor);
    res.json({ staff: out.staff, ended: out.ended && { sessions: out.ended.sessions, grants: out.ended.grants, backchannel: out.ended.backchannel } });
  }));
  r.post('/api/admin/staff/:id/enable', admin(async (req, res, actor) => {
    res.json({ staff: (await setStaffStatus(s, id(req), 'active', actor)).staff });
  }));
  r.post('/api/admin/staff/:id/password', admin(async (req, res, actor) => {
    res.json(await resetStaffPassword(s, id(req), actor));
  }));
  r.get('/api/admin/roles', security(async (req, res) => {
    res.json(await listStaff(s, parse(staffSchemas.staffQuery, req.query)));
  }));
  r.put('/api/admin/roles/:id', security(async (req, res, actor) => {
    res.json({ staff: await setStaffRoles(s, id(req), parse(staffSchemas.roles, req.body).roles, actor) });
  }));
  return r;
}


const tag = 'Administration';
const access = { scope: ADMIN_SCOPE };
const params = z.object({ id: staffSchemas.id });
// A malformed id is invalid input here (parse), an unknown one not found.
const errors = ['ERR_FORBIDDEN', 'ERR_STEP_UP_REQUIRED', 'ERR_VALIDATION'] as const;
const staffAnswer = { description: 'The staff member', json: obj({ staff: ref('Staff') }) };
const job = { description: 'The import job: status, counts and per-line errors with codes', json: obj({ job: loose('An import job: id, status, counts, per-line errors with codes.') }) };

export const adminStaffOperations: ApiOperation[] = [
  { id: 'listDepartments', method: 'get', path: '/api/admin/departments', tag, access, summary: 'The department tree', responses: { 200: { description: 'Departments, nested', json: obj({ tree: arr(ref('Department')) }) } }, errors: [...errors] },
  { id: 'addDepartment', method: 'post', path: '/api/admin/departments', tag, access, summary: 'Add a department', body: { json: staffSchemas.newDepartment }, responses: { 201: { description: 'The department', json: obj({ department: ref('Department') }) } }, errors: [...errors, 'ERR_CONFLICT', 'ERR_NOT_FOUND'] },
  { id: 'changeDepartment', method: 'patch', path: '/api/admin/departments/:id', tag, access, params, summary: 'Rename or move a department', body: { json: staffSchemas.departmentChange }, responses: { 200: { description: 'The department', json: obj({ department: ref('Department') }) } }, errors: [...errors, 'ERR_CONFLICT'] },
  { id: 'listPositions', method: 'get', path: '/api/admin/positions', tag, access, summary: 'Positions', responses: { 200: { description: 'Positions', json: obj({ positions: arr(obj({ id: str(), name: str() })) }) } }, errors: [...errors] },
  { id: 'addPosition', method: 'post', path: '/api/admin/positions', tag, access, summary: 'Add a position', body: { json: staffSchemas.newPosition }, responses: { 201: { description: 'The position', json: obj({ position: obj({ id: str(), name: str() }) }) } }, errors: [...errors, 'ERR_CONFLICT'] },
  { id: 'renamePosition', method: 'patch', path: '/api/admin/positions/:id', tag, access, params, summary: 'Rename a position', body: { json: staffSchemas.positionChange }, responses: { 200: { description: 'The position', json: obj({ position: obj({ id: str(), name: str() }) }) } }, errors: [...errors] },
  { id: 'listStaff', method: 'get', path: '/api/admin/staff', tag, access, query: staffSchemas.staffQuery, summary: 'Find staff members', responses: { 200: { description: 'One page of staff members and the total', json: obj({ staff: arr(ref('Staff')), total: { type: 'integer' } }) } }, errors: [...errors, 'ERR_NOT_FOUND'] },
  {
    id: 'createStaff', method: 'post', path: '/api/admin/staff', tag, access, summary: 'Add a staff member', body: { json: staffSchemas.newStaff },
    responses: { 201: { description: 'The staff member and their initial password, shown in this answer only', json: obj({ staff: ref('Staff'), initialPassword: { type: ['string', 'null'] } }) } },
    errors: [...errors, 'ERR_CONFLICT', 'ERR_NOT_FOUND'],
  },
  {
    id: 'importStaff', method: 'post', path: '/api/admin/staff/imports', tag, access, summary: 'Import staff members from CSV, as a job',
    body: { media: Object.fromEntries(CSV_TYPES.map((t) => [t, 'CSV: a header row, then one staff member a line.'])) },
    responses: { 202: { ...job, headers: { Location: 'The job.' } } }, errors: [...errors, 'ERR_PAYLOAD_TOO_LARGE', 'ERR_UNSUPPORTED_MEDIA_TYPE'],
  },
  { id: 'readStaffImport', method: 'get', path: '/api/admin/staff/imports/:job', tag, access, params: z.object({ job: z.string() }), summary: 'An import job', responses: { 200: job }, errors: [...errors] },
  { id: 'readStaff', method: 'get', path: '/api/admin/staff/:id', tag, access, params, summary: 'One staff member', responses: { 200: staffAnswer }, errors: [...errors] },
  { id: 'changeStaff', method: 'patch', path: '/api/admin/staff/:id', tag, access, params, summary: "Change a staff member's name, department or positions", body: { json: staffSchemas.staffChange }, responses: { 200: staffAnswer }, errors: [...errors, 'ERR_CONFLICT'] },
  {
    id: 'disableStaff', method: 'post', path: '/api/admin/staff/:id/disable', tag, access, params, summary: 'Disable a staff member: their sessions and grants end',
    responses: { 200: { description: 'The staff member, and what ended (null when already disabled)', json: obj({ staff: ref('Staff'), ended: { type: ['object', 'null'], description: 'Sessions and grants ended, back-channel logouts sent.' } }) } },
    errors: [...errors, 'ERR_CONFLICT'],
  },
  { id: 'enableStaff', method: 'post', path: '/api/admin/staff/:id/enable', tag, access, params, summary: 'Enable a disabled staff member', responses: { 200: staffAnswer }, errors: [...errors, 'ERR_CONFLICT'] },
  { id: 'listStaffRoles', method: 'get', path: '/api/admin/roles', tag, access, query: staffSchemas.staffQuery, summary: 'Find staff members and their roles (security administrator)', responses: { 200: { description: 'One page of staff members and the total', json: obj({ staff: arr(ref('Staff')), total: { type: 'integer' } }) } }, errors: [...errors, 'ERR_NOT_FOUND'] },
  { id: 'setStaffRoles', method: 'put', path: '/api/admin/roles/:id', tag, access, params, summary: "Set a staff member's roles (security administrator; never one's own; one administrative role per person)", body: { json: staffSchemas.roles }, responses: { 200: staffAnswer }, errors: [...errors] },
  { id: 'resetStaffPassword', method: 'post', path: '/api/admin/staff/:id/password', tag, access, params, summary: 'Issue a new initial password', responses: { 200: { description: 'The initial password, shown in this answer only', json: obj({ initialPassword: str() }) } }, errors: [...errors] },
];

export const adminStaffSchemas = {
  Staff: loose('A staff member: id, staffNumber, name, department, positions, roles, status.'),
  Department: { ...loose('A department: id, name, kind, parentId, creditCode, and its children in the tree.'), properties: { id: str(), name: str(), children: { type: 'array', items: ref('Department') } } },
};
