// Setting up a fresh organisation over every SQL backend: the root department and the first
// administrator (both administrator roles, an initial password to replace), audited; a rerun
// changes nothing; bad input is refused field by field with stable codes before anything is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlStaffDirectoryStore } from '../../../src/adapters/accounts/sql-staff-directory-store.ts';
import { finishSignIn } from '../../../src/services/identity/finish-sign-in.ts';
import { loginWithPassword } from '../../../src/services/identity/login-with-password.ts';
import { isSetUp, organisationState, setUpOrganisation } from '../../../src/services/staff/set-up-organisation.ts';
import type { OrganisationInput } from '../../../src/services/staff/set-up-organisation.ts';
import type { StaffDeps } from '../../../src/services/staff/staff-deps.ts';
import { identityFixture } from '../../support/identity.ts';
import type { IdentityFixture } from '../../support/identity.ts';
import { sqlContractBackends } from '../../support/sql-backends.ts';

const operator = { id: 'os:operator', kind: 'system' as const, clientIp: null, requestId: null };
const input = (over: Partial<OrganisationInput> = {}): OrganisationInput => ({
  orgName: '某市人民政府', creditCode: '11330100mb0000001r', admin: { staffNumber: 'A001', name: '王管理', phone: '13900000001' }, ...over,
});

const failure = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    const err = e as { code: string; details?: { issues?: { path: (string | number)[]; code: string }[] } };
    return { code: err.code, issues: (err.details?.issues ?? []).map((i) => `${i.path.join('.')}:${i.code}`) };
  }
  throw new Error('expected a failure');
};

describe.each(sqlContractBackends)('setting up the organisation over $name', (backend) => {
  let f: IdentityFixture;
  let deps: StaffDeps;
  beforeAll(async () => {
    f = await identityFixture(backend);
    deps = { ...f.deps, directory: new SqlStaffDirectoryStore(f.knex), sessions: { endAll: async () => 0 } as unknown as StaffDeps['sessions'] };
  });
  afterAll(async () => f?.cleanup());

  it('refuses bad input by field and code, writing nothing', async () => {
    expect(await failure(setUpOrganisation(deps, input({ creditCode: '11330100MB0000001X' }), operator)))
      .toEqual({ code: 'ERR_VALIDATION', issues: ['creditCode:bad_check_character'] });
    expect(await failure(setUpOrganisation(deps, input({ orgName: ' ', creditCode: '1133010OMB0000001R', admin: { staffNumber: 'A 1', name: '', phone: '123' }, initialPassword: 'short' }), operator)))
      .toEqual({ code: 'ERR_VALIDATION', issues: ['orgName:invalid_length', 'creditCode:invalid_format', 'admin.staffNumber:invalid_format', 'admin.name:invalid_length', 'admin.phone:invalid_format', 'initialPassword:too_short'] });
    expect(await failure(setUpOrganisation(deps, null, operator))).toEqual({ code: 'ERR_VALIDATION', issues: ['orgName:required'] });
    expect(await deps.accounts.departments()).toEqual([]);
    expect(f.auditStore.records).toHaveLength(0);
  });

  it('creates the root department and an administrator who must replace the password and enrol a one-time password', async () => {
    const out = await setUpOrganisation(deps, input(), operator);
    expect(out.createdDepartment).toBe(true);
    expect(out.root).toMatchObject({ parentId: null, name: '某市人民政府', kind: 'city', creditCode: '11330100MB0000001R' });
    expect(out.createdAdmin?.staff).toMatchObject({ staffNumber: 'A001', name: '王管理', roles: ['system_admin', 'security_admin'], departmentId: out.root.id, totpEnrolled: false });
    const password = out.createdAdmin?.initialPassword as string;
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
    const { account } = await loginWithPassword(f.deps, { login: 'A001', password }, { clientIp: null, requestId: null });
    expect(account.passwordInitial).toBe(true);
    const now = Math.floor(Date.now() / 1000);
    expect(finishSignIn({ account, proofs: [{ method: 'pwd', at: now }], request: {}, now })).toEqual({ kind: 'hold', hold: 'replace_password' });
    expect(finishSignIn({ account: { ...account, passwordInitial: false }, proofs: [{ method: 'pwd', at: now }], request: {}, now })).toEqual({ kind: 'hold', hold: 'enrol_totp' });
    const actions = f.auditStore.records.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['department.add', 'account.create', 'admin.setup']));
    expect(JSON.stringify(f.auditStore.records)).not.toContain(password);
  });

  it('changes nothing on a rerun, with other input or none, and says what exists', async () => {
    const before = f.auditStore.records.length;
    for (const again of [input({ orgName: '别的名字', admin: { staffNumber: 'A002', name: '李', phone: null } }), null]) {
      const out = await setUpOrganisation(deps, again, operator);
      expect(out).toMatchObject({ createdDepartment: false, createdAdmin: null, root: { name: '某市人民政府' } });
      expect(out.admins.map((a) => a.staffNumber)).toEqual(['A001']);
    }
    expect(await deps.accounts.departments()).toHaveLength(1);
    expect(await deps.accounts.findByLogin('staff:A002')).toBeNull();
    expect(isSetUp(await organisationState(deps))).toBe(true);
    const after = f.auditStore.records;
    expect(after.slice(before).map((r) => r.action)).toEqual(['admin.setup', 'admin.setup']);
  });

  it('takes an initial password the operator chose, still to be replaced', async () => {
    const g = await identityFixture(backend);
    try {
      const d: StaffDeps = { ...g.deps, directory: new SqlStaffDirectoryStore(g.knex), sessions: deps.sessions };
      const out = await setUpOrganisation(d, input({ initialPassword: 'chosen by the operator' }), operator);
      expect(out.createdAdmin?.initialPassword).toBe('chosen by the operator');
      const { account } = await loginWithPassword(g.deps, { login: 'A001', password: 'chosen by the operator' }, { clientIp: null, requestId: null });
      expect(account.passwordInitial).toBe(true);
    } finally {
      await g.cleanup();
    }
  });
});
