// A licence service over a real SQL backend for the licence tests: the shipped templates, a
// licence seal made with the test PKI (maker: the seal key; signer: the listed signer
// certificate), a keyed holder index, the audit log in the same database and a settable clock.
import { testFileSealer } from '../../support/file-sealer.ts';
import { createHmac, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { loadLicenceTemplates } from '../../../src/adapters/licences/file-licence-templates.ts';
import { loadLicenceFonts } from '../../../src/adapters/licences/licence-fonts.ts';
import { SqlAuditStore } from '../../../src/adapters/sql/sql-audit-store.ts';
import { SqlLicenceStore } from '../../../src/adapters/sql/sql-licence-store.ts';
import { SqlLicenceShareStore } from '../../../src/adapters/sql/sql-licence-share-store.ts';
import { makeSeal } from '../../../src/crypto/ses/make-seal.ts';
import type { HolderIndex } from '../../../src/ports/holder-index.ts';
import type { LicenceSeal, LicenceSeals } from '../../../src/ports/licence-seals.ts';
import type { LicenceStore } from '../../../src/ports/licence-store.ts';
import { AuditLog } from '../../../src/services/audit/audit-log.ts';
import type { LicenceDeps } from '../../../src/services/licences/licence-deps.ts';
import { withChain } from '../../crypto/ses/seal-kit.ts';
import { makePki } from '../../crypto/x509/pki.ts';
import type { Pki } from '../../crypto/x509/pki.ts';
import { sealPng } from '../../pdf/fixtures.ts';

export const ISSUER = { code: '11330105002500287C', name: '杭州市西湖区市场监督管理局' };
export const OTHER_ISSUER = { code: '11430000006122244L', name: '湖南省人力资源和社会保障厅' };
export const BUSINESS = '11100000000013338W011';
export const OPERATIONS = '11100000MB0000002X001';
export const PROOF = '11330100MB10000036001';
export const PUBLIC_URL = 'https://zz.example.gov.cn';
export const START = new Date('2026-03-01T02:00:00Z');

export const businessData = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  creditCode: '91330100MA2A00001M', name: '杭州某某科技有限公司', entityType: '有限责任公司（自然人投资或控股）',
  legalRepresentative: '张三丰', registeredCapital: '人民币壹佰万元整', establishedOn: '2020-05-01',
  businessScope: '一般项目：技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；软件开发。',
  address: '浙江省杭州市西湖区文三路100号', ...over,
});

/** A settable clock. */
export class TestClock {
  t: Date;
  constructor(t: Date) {
    this.t = t;
  }
  now(): Date {
    return new Date(this.t);
  }
  set(t: Date | string): void {
    this.t = new Date(t);
  }
}

/** Licence seals by issuer code; `broken` makes the next lookups fail. */
export class TestLicenceSeals implements LicenceSeals {
  readonly seals = new Map<string, LicenceSeal>();
  async licenceSealFor(issuerCode: string): Promise<LicenceSeal | null> {
    return this.seals.get(issuerCode) ?? null;
  }
}

export const testHolderIndex: HolderIndex = {
  async keyFor(kind, idNumber) {
    return `${kind === 'citizen' ? 'p' : 'o'}:${createHmac('sm3', 'licence-test-index-key').update(idNumber).digest('hex')}`;
  },
};

let pkiOnce: Promise<{ pki: Pki; seal: LicenceSeal }> | undefined;

/** One PKI and licence seal per test file (key generation and seal making are slow-ish). */
export function testSeal(): Promise<{ pki: Pki; seal: LicenceSeal }> {
  pkiOnce ??= (async () => {
    const pki = await makePki();
    const image = sealPng(160);
    const seal = await makeSeal({
      esID: '3301060000123', makerSigner: withChain(pki.seal, pki.sealCa),
      property: {
        type: 2, name: '杭州市西湖区市场监督管理局证照专用章', certListType: 1, certList: [pki.signer.cert.der],
        createDate: new Date('2025-05-30T02:00:00Z'), validStart: new Date('2025-06-01T00:00:00Z'), validEnd: new Date('2027-06-01T00:00:00Z'),
      } as never,
      picture: { type: 'png', data: image, width: 42, height: 42 },
    });
    return { pki, seal: { seal: seal.der, signer: withChain(pki.signer, pki.sealCa), image } };
  })();
  return pkiOnce;
}

export interface LicenceKit {
  readonly deps: LicenceDeps;
  readonly store: LicenceStore;
  readonly clock: TestClock;
  readonly seals: TestLicenceSeals;
  readonly audit: SqlAuditStore;
  readonly pki: Pki;
  readonly knex: Knex;
}

/** `sealFiles`: licence files sealed at rest (SEAL_LICENCE_FILES); on unless turned off. */
export async function makeLicenceKit(knex: Knex, opts: { sealFiles?: boolean } = {}): Promise<LicenceKit> {
  const { pki, seal } = await testSeal();
  const clock = new TestClock(START);
  const seals = new TestLicenceSeals();
  seals.seals.set(ISSUER.code, seal);
  const audit = new SqlAuditStore(knex);
  const store = new SqlLicenceStore(knex, testFileSealer(knex, opts.sealFiles ?? true));
  const deps: LicenceDeps = {
    templates: loadLicenceTemplates(), store, shares: new SqlLicenceShareStore(knex), seals, holderIndex: testHolderIndex, audit: new AuditLog(audit, clock), clock,
    random: (n) => randomBytes(n), fonts: loadLicenceFonts(), publicUrl: PUBLIC_URL,
  };
  return { deps, store, clock, seals, audit, pki, knex };
}

/** Counts rows of the licence tables and audit entries for an action. */
export async function counts(knex: Knex, action = 'licence.issue'): Promise<{ licences: number; events: number; blobs: number; audit: number }> {
  const n = async (q: Knex.QueryBuilder) => Number(((await q.count({ n: '*' })) as { n: number | string }[])[0]!.n);
  return {
    licences: await n(knex('licences')), events: await n(knex('licence_events')), blobs: await n(knex('stored_blobs')),
    audit: await n(knex('audit_log').where('action', action)),
  };
}
