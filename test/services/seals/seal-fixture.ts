// A seal registry on a real database (SQLite, or MariaDB when asked) with the platform keys made,
// a department tree, staff in their roles, a legal person, and a clock the tests move.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { SqlAccountStore } from '../../../src/adapters/accounts/sql-account-store.ts';
import { parseKekRing } from '../../../src/adapters/keys/kek.ts';
import { SqlKeyVault } from '../../../src/adapters/keys/sql-key-vault.ts';
import { resvgSealRenderer } from '../../../src/adapters/seals/resvg-seal-renderer.ts';
import { SqlSealCrlStore } from '../../../src/adapters/seals/sql-seal-crl-store.ts';
import { SqlSealGrantStore } from '../../../src/adapters/seals/sql-seal-grant-store.ts';
import { SqlSealStore } from '../../../src/adapters/seals/sql-seal-store.ts';
import { SqlAuditStore } from '../../../src/adapters/sql/sql-audit-store.ts';
import type { Account, StaffRole } from '../../../src/domain/account.ts';
import type { Seal, SealKind, SessionAssurance } from '../../../src/domain/seal.ts';
import { AuditLog } from '../../../src/services/audit/audit-log.ts';
import { initPlatformKeys } from '../../../src/services/pki/init-platform-keys.ts';
import { applyForSeal } from '../../../src/services/seals/apply-for-seal.ts';
import { approveSeal } from '../../../src/services/seals/approve-seal.ts';
import { grantSeal } from '../../../src/services/seals/grant-seal.ts';
import { DEFAULT_SEAL_SETTINGS } from '../../../src/services/seals/seal-deps.ts';
import type { SealDeps } from '../../../src/services/seals/seal-deps.ts';
import type { VerifySealDeps } from '../../../src/services/seals/verify-sealed-pdf.ts';
import type { SqlBackend } from '../../support/sql-backends.ts';

export const START = new Date('2026-03-02T01:00:00Z');

/** A clock the test sets and moves. */
export class TestClock {
  t: number;
  constructor(t: Date) { this.t = t.getTime(); }
  now(): Date { return new Date(this.t); }
  advance(ms: number): void { this.t += ms; }
  set(d: Date): void { this.t = d.getTime(); }
}

const renderer = resvgSealRenderer();

function staff(id: string, name: string, departmentId: string, roles: StaffRole[]): Account {
  return {
    id, kind: 'staff', name, phone: null, assurance: 'L2', status: 'active', passwordHash: null, totpSealed: null,
    citizen: null, legalPerson: null, staff: { staffNumber: id.toUpperCase(), departmentId, positions: [], roles }, createdAt: START.toISOString(),
  };
}

export interface SealWorld {
  knex: Knex;
  deps: SealDeps;
  verifyDeps: VerifySealDeps;
  clock: TestClock;
  audit: SqlAuditStore;
  root: Uint8Array;
  cleanup: () => Promise<void>;
  /** A fresh session that passed a one-time password just now. */
  strong: () => SessionAssurance;
  /** Apply (by the AMR seal keeper) and approve (by the approver); returns the active seal. */
  activeSeal: (kind?: SealKind) => Promise<Seal>;
  /** An active seal of the AMR granted to the AMR clerk. */
  grantedSeal: (kind?: SealKind) => Promise<Seal>;
}

export const ids = {
  keeper: 's_keeper', approver: 's_approver', clerk: 's_clerk', clerk2: 's_clerk2',
  finKeeper: 's_fin_keeper', finClerk: 's_fin_clerk', both: 's_both', company: 'o_company', rep: 'c_rep',
} as const;

export async function sealWorld(backend: SqlBackend): Promise<SealWorld> {
  const { knex, cleanup } = await backend.open();
  const clock = new TestClock(START);
  const ring = parseKekRing(`k:${randomBytes(32).toString('base64')}`, 'test');
  const vault = new SqlKeyVault(knex, () => ring, clock);
  const auditStore = new SqlAuditStore(knex);
  const audit = new AuditLog(auditStore, clock);
  const { rootCertificate } = await initPlatformKeys({ vault, audit, clock }, { organisation: '某市人民政府', publicUrl: 'https://id.example.gov.cn' }, { id: 'op', kind: 'system' });
  const accounts = new SqlAccountStore(knex);
  await accounts.addDepartment({ id: 'd-city', parentId: null, name: '某市人民政府', kind: 'city' });
  await accounts.addDepartment({ id: 'd-amr', parentId: 'd-city', name: '某市市场监督管理局', kind: 'bureau' });
  await accounts.addDepartment({ id: 'd-fin', parentId: 'd-city', name: '某市财政局', kind: 'bureau' });
  for (const a of [
    staff(ids.keeper, '王保管', 'd-amr', ['seal_keeper']),
    staff(ids.approver, '赵审批', 'd-city', ['seal_approver']),
    staff(ids.clerk, '钱经办', 'd-amr', ['clerk']),
    staff(ids.clerk2, '孙经办', 'd-amr', ['clerk']),
    staff(ids.finKeeper, '周保管', 'd-fin', ['seal_keeper']),
    staff(ids.finClerk, '吴经办', 'd-fin', ['clerk']),
    staff(ids.both, '郑双岗', 'd-amr', ['seal_keeper', 'seal_approver']),
  ]) await accounts.create(a, [`staff:${a.staff!.staffNumber}`]);
  await accounts.create({
    id: ids.rep, kind: 'citizen', name: '陈法人', phone: null, assurance: 'L2', status: 'active', passwordHash: null, totpSealed: null,
    citizen: { idNumberSealed: 'x', idNumberIndex: 'idx-rep', idNumberMasked: '330102********1234' }, legalPerson: null, staff: null, createdAt: START.toISOString(),
  }, []);
  await accounts.create({
    id: ids.company, kind: 'legal_person', name: '杭州某某科技有限公司', phone: null, assurance: 'L2', status: 'active', passwordHash: null, totpSealed: null,
    citizen: null, legalPerson: { creditCode: '91330100MA2B123456', representativeId: ids.rep }, staff: null, createdAt: START.toISOString(),
  }, []);

  const seals = new SqlSealStore(knex);
  const crls = new SqlSealCrlStore(knex);
  const deps: SealDeps = {
    seals, grants: new SqlSealGrantStore(knex), crls, accounts, vault, audit, clock, renderer,
    settings: { ...DEFAULT_SEAL_SETTINGS, divisionCode: '330100', organisation: '某市人民政府', publicUrl: 'https://id.example.gov.cn' },
  };
  const verifyDeps: VerifySealDeps = { seals, crls, vault, clock, settings: deps.settings, anchors: () => [rootCertificate] };
  const activeSeal = async (kind: SealKind = 'contract') => {
    const applied = await applyForSeal(deps, { kind, owner: { kind: 'department', id: 'd-amr' } }, { accountId: ids.keeper });
    return approveSeal(deps, { sealId: applied.id, reason: '材料齐全' }, { accountId: ids.approver });
  };
  const grantedSeal = async (kind: SealKind = 'contract') => {
    const seal = await activeSeal(kind);
    await grantSeal(deps, { sealId: seal.id, accountId: ids.clerk }, { accountId: ids.keeper });
    return seal;
  };
  return {
    knex, deps, verifyDeps, clock, audit: auditStore, root: rootCertificate, cleanup,
    strong: () => ({ acr: 'L2-mfa', amr: ['pwd', 'otp'], authTime: Math.floor(clock.now().getTime() / 1000) }),
    activeSeal, grantedSeal,
  };
}
