// Fill a development database with a small city to try every journey on: departments, staff with
// each business role, a citizen and a company, an app to sign in through, approved seals (a
// licence seal for each issuing department) and a few licences from the shipped templates.
// Development only: the accounts share one published password. The command refuses production.
// Steps: the root department (a demo city unless one exists) → departments → accounts → the demo
// app → seals applied for by the keeper and approved by the approver, the official seal granted
// to the clerk → licences issued under fixed idempotency keys → audit. Every step looks first, so
// a second run creates nothing.
import { creditCodeCheckChar } from '../../domain/credit-code.ts';
import type { Account, StaffRole } from '../../domain/account.ts';
import type { Department } from '../../domain/department.ts';
import type { SealKind } from '../../domain/seal.ts';
import { ensureBuiltinApp } from '../apps/ensure-builtin-app.ts';
import type { AppDeps } from '../apps/app-registration.ts';
import { createAccount } from '../identity/create-account.ts';
import { issueLicence } from '../licences/issue-licence.ts';
import type { LicenceDeps } from '../licences/licence-deps.ts';
import type { SealService } from '../seals/seal-service.ts';
import { addDepartment } from '../staff/add-department.ts';
import type { StaffDeps } from '../staff/staff-deps.ts';

/** The password of every demo account (development only, printed by the command). */
export const DEMO_PASSWORD = 'yinxin-demo-2026';
export const DEMO_APP_ID = 'yinxin-demo-app';

const code = (first17: string) => `${first17}${creditCodeCheckChar(first17) as string}`;
const CITY = code('11330100MB0000001');
const AMR = code('11330100MB0000002');
const PSB = code('11330100MB0000003');
const COMPANY = code('91330100MA2DEM001');

const DEPARTMENTS: Omit<Department, 'parentId'>[] = [
  { id: 'demo-amr', name: '市场监督管理局', kind: 'bureau', creditCode: AMR },
  { id: 'demo-amr-reg', name: '登记注册处', kind: 'division' },
  { id: 'demo-psb', name: '公安局', kind: 'bureau', creditCode: PSB },
  { id: 'demo-dsj', name: '大数据管理局', kind: 'bureau' },
];
const PARENT: Record<string, string | null> = { 'demo-amr': null, 'demo-amr-reg': 'demo-amr', 'demo-psb': null, 'demo-dsj': null };

export interface DemoStaff { staffNumber: string; name: string; departmentId: string; roles: StaffRole[] }
export const DEMO_STAFF: readonly DemoStaff[] = [
  // One person for each administrative role (separation of duties: system, security, audit).
  { staffNumber: 'DEMO-ADMIN', name: '周管理', departmentId: 'demo-dsj', roles: ['system_admin'] },
  { staffNumber: 'DEMO-SECURITY', name: '陈安全', departmentId: 'demo-dsj', roles: ['security_admin'] },
  { staffNumber: 'DEMO-KEEPER', name: '王保管', departmentId: 'demo-amr', roles: ['seal_keeper'] },
  { staffNumber: 'DEMO-APPROVER', name: '赵审批', departmentId: 'demo-dsj', roles: ['seal_approver'] },
  { staffNumber: 'DEMO-CLERK', name: '孙经办', departmentId: 'demo-amr', roles: ['clerk'] },
  { staffNumber: 'DEMO-ISSUER', name: '钱发证', departmentId: 'demo-amr-reg', roles: ['licence_issuer'] },
  { staffNumber: 'DEMO-PSB-KEEPER', name: '吴保管', departmentId: 'demo-psb', roles: ['seal_keeper'] },
  { staffNumber: 'DEMO-PSB-ISSUER', name: '郑发证', departmentId: 'demo-psb', roles: ['licence_issuer'] },
  { staffNumber: 'DEMO-AUDITOR', name: '李审计', departmentId: 'demo-dsj', roles: ['auditor'] },
];
export const DEMO_CITIZEN = { name: '张三', phone: '13800000001', idNumber: '110105199003070017' };
export const DEMO_COMPANY = { name: '演示科技有限公司', creditCode: COMPANY };

export interface DemoDeps {
  staff: StaffDeps;
  seals: SealService;
  licences: LicenceDeps;
  apps: AppDeps;
  publicUrl: string;
}

export interface DemoOutcome {
  created: string[];
  accounts: { login: string; name: string; roles: string[] }[];
  appId: string;
  licences: string[];
}

const system = { id: 'system:setup-demo', kind: 'system' as const };
const staffActor = { ...system, clientIp: null, requestId: null };

async function account(deps: DemoDeps, login: string, make: () => Promise<Account>, created: string[]): Promise<Account> {
  const found = await deps.staff.accounts.findByLogin(login);
  if (found) return found;
  created.push(login);
  return make();
}

/** The seal of `kind` the department holds (approved), applying and approving when it has none. */
async function approvedSeal(deps: DemoDeps, departmentId: string, kind: SealKind, keeper: Account, approver: Account, created: string[]): Promise<string> {
  const live = (await deps.seals.list({ accountId: keeper.id })).find((s) => s.seal.kind === kind && s.seal.owner.id === departmentId && s.seal.status !== 'revoked');
  if (live && live.seal.status !== 'pending') return live.seal.id;
  const id = live?.seal.id ?? (await deps.seals.apply({ kind, owner: { kind: 'department', id: departmentId } }, { accountId: keeper.id })).id;
  await deps.seals.approve({ sealId: id, reason: '演示数据' }, { accountId: approver.id });
  created.push(`seal ${departmentId} ${kind}`);
  return id;
}

export async function setUpDemo(deps: DemoDeps): Promise<DemoOutcome> {
  const created: string[] = [];
  const accounts = deps.staff.accounts;
  let departments = await accounts.departments();
  let root = departments.find((d) => d.parentId === null);
  if (!root) {
    root = await addDepartment(deps.staff, { id: 'root', parentId: null, name: '演示市', kind: 'city', creditCode: CITY }, staffActor);
    created.push(`department ${root.id}`);
  }
  departments = await accounts.departments();
  for (const d of DEPARTMENTS) {
    if (departments.some((x) => x.id === d.id)) continue;
    await addDepartment(deps.staff, { ...d, parentId: PARENT[d.id] ?? root.id }, staffActor);
    created.push(`department ${d.id}`);
  }

  const staff = new Map<string, Account>();
  for (const s of DEMO_STAFF) {
    staff.set(s.staffNumber, await account(deps, `staff:${s.staffNumber}`, () => createAccount(deps.staff, { kind: 'staff', ...s, password: DEMO_PASSWORD }, system), created));
  }
  const citizen = await account(deps, `phone:${DEMO_CITIZEN.phone}`, () => createAccount(deps.staff, { kind: 'citizen', ...DEMO_CITIZEN, assurance: 'L2', password: DEMO_PASSWORD }, system), created);
  await account(deps, `uscc:${COMPANY}`, () => createAccount(deps.staff, {
    kind: 'legal_person', name: DEMO_COMPANY.name, creditCode: COMPANY, representativeId: citizen.id, password: DEMO_PASSWORD,
  }, system), created);

  const base = deps.publicUrl.replace(/\/+$/, '');
  if (await ensureBuiltinApp(deps.apps, {
    clientId: DEMO_APP_ID, name: '演示应用', kind: 'first_party', public: true, redirectUris: ['http://localhost:3000/callback', `${base}/holder`],
    postLogoutRedirectUris: [], grantTypes: ['authorization_code'], scopes: ['openid', 'profile', 'phone', 'holder', 'licences'], fullIdNumber: false,
  }) === 'registered') created.push(`app ${DEMO_APP_ID}`);

  const get = (n: string) => staff.get(n) as Account;
  const approver = get('DEMO-APPROVER');
  await approvedSeal(deps, 'demo-amr', 'licence', get('DEMO-KEEPER'), approver, created);
  const official = await approvedSeal(deps, 'demo-amr', 'official', get('DEMO-KEEPER'), approver, created);
  await approvedSeal(deps, 'demo-psb', 'licence', get('DEMO-PSB-KEEPER'), approver, created);
  const clerk = get('DEMO-CLERK');
  if (!(await deps.seals.list({ accountId: clerk.id })).some((s) => s.seal.id === official && s.granted)) {
    await deps.seals.grant({ sealId: official, accountId: clerk.id }, { accountId: get('DEMO-KEEPER').id });
    created.push(`grant ${official} DEMO-CLERK`);
  }

  const licences: string[] = [];
  const issue = async (key: string, issuer: Account, issuerCode: string, issuerName: string, typeCode: string, data: Record<string, unknown>) => {
    const out = await issueLicence(deps.licences, { idempotencyKey: key, typeCode, issuer: { code: issuerCode, name: issuerName }, data }, { id: issuer.id, kind: 'staff' });
    if (!out.replayed) created.push(`licence ${out.licence.identifier}`);
    licences.push(out.verificationUrl);
  };
  await issue('demo-business-licence-1', get('DEMO-ISSUER'), AMR, '市场监督管理局', '11100000000013338W011', {
    creditCode: COMPANY, name: DEMO_COMPANY.name, entityType: '有限责任公司（自然人投资或控股）', legalRepresentative: DEMO_CITIZEN.name,
    registeredCapital: '人民币壹佰万元整', establishedOn: '2024-05-01', businessScope: '一般项目：技术服务、技术开发、软件开发。', address: '演示市文三路100号',
  });
  await issue('demo-no-criminal-record-1', get('DEMO-PSB-ISSUER'), PSB, '公安局', '11330100MB10000036001', {
    name: DEMO_CITIZEN.name, gender: '男', idNumber: DEMO_CITIZEN.idNumber, purpose: '求职', statement: '经查询，未发现该人有犯罪记录。', queriedOn: '2026-01-05',
  });

  await deps.staff.audit.append({ actor: system, action: 'admin.setup.demo', object: root.id, outcome: 'success', details: { created } });
  return {
    created,
    accounts: [
      ...DEMO_STAFF.map((s) => ({ login: s.staffNumber, name: s.name, roles: s.roles })),
      { login: DEMO_CITIZEN.phone, name: DEMO_CITIZEN.name, roles: ['citizen'] },
      { login: COMPANY, name: DEMO_COMPANY.name, roles: ['legal_person'] },
    ],
    appId: DEMO_APP_ID,
    licences,
  };
}
