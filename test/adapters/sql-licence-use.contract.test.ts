// The service item catalogue and the licence use records against every SQL backend.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlLicenceUseRecords } from '../../src/adapters/sql/sql-licence-use-records.ts';
import { SqlServiceItemStore } from '../../src/adapters/sql/sql-service-item-store.ts';
import type { LicenceUse, LicenceUseConsent, ServiceItem } from '../../src/domain/licence-use.ts';
import { sqlContractBackends } from '../support/sql-backends.ts';

const id = (p: string) => `${p}_${randomBytes(8).toString('hex')}`;

const item = (over: Partial<ServiceItem> = {}): ServiceItem => ({
  code: id('item'), name: '企业开办登记', department: { code: '11330105002500287C', name: '西湖区市场监督管理局' },
  licences: [{ typeCode: '11100000000013338W011', fields: ['creditCode', 'name'] }, { typeCode: '11330100MB10000036001', fields: ['statement'] }],
  legalBasis: '《市场主体登记管理条例》第十六条', updatedBy: 's_1', updatedAt: '2026-03-01T02:00:00.000Z', ...over,
});

const consent = (over: Partial<LicenceUseConsent> = {}): LicenceUseConsent => ({
  id: id('luc'), clientId: 'window-1', itemCode: 'item-1', personId: 'c_1', mode: 'once',
  grantedAt: '2026-03-01T02:00:00.000Z', expiresAt: '2026-03-01T02:30:00.000Z', usedAt: null, withdrawnAt: null, ...over,
});

const use = (over: Partial<LicenceUse> = {}): LicenceUse => ({
  id: id('lu'), clientId: 'window-1', itemCode: 'item-1', holderKey: 'idx:abc', licenceIdentifiers: ['A', 'B'],
  fields: { '11100000000013338W011': ['name'] }, consentId: null, legalBasis: '《条例》第一条', caseNumber: '杭西市监〔2026〕1号',
  withFiles: true, at: '2026-03-01T02:00:00.000Z', ...over,
});

describe.each(sqlContractBackends)('licence use stores on $name', (backend) => {
  let db: Awaited<ReturnType<typeof backend.open>>;
  let items: SqlServiceItemStore;
  let records: SqlLicenceUseRecords;
  beforeAll(async () => {
    db = await backend.open();
    items = new SqlServiceItemStore(db.knex);
    records = new SqlLicenceUseRecords(db.knex);
  });
  afterAll(async () => db.cleanup());

  it('keeps service items with their licence lists as given, replacing by code', async () => {
    const a = item({ code: 'A-001', name: '企业开办——办理营业执照及章' });
    const b = item({ code: 'B-002' });
    await items.saveItem(b);
    await items.saveItem(a);
    expect(await items.findItem('A-001')).toEqual(a);
    expect(await items.findItem('none')).toBeNull();
    const changed = { ...a, licences: [{ typeCode: '11100000MB0000002X001', fields: ['operationCategory'] }], updatedAt: '2026-04-01T00:00:00.000Z' };
    await items.saveItem(changed);
    expect(await items.findItem('A-001')).toEqual(changed);
    expect((await items.listItems()).map((i) => i.code)).toEqual(['A-001', 'B-002']);
  });

  it("keeps one permission per app and item, with or without a legal basis, and removes it once", async () => {
    const app = id('app');
    const p = { clientId: app, itemCode: 'A-001', legalBasis: null, grantedBy: 's_1', grantedAt: '2026-03-01T02:00:00.000Z' };
    await items.savePermission(p);
    await items.savePermission({ ...p, itemCode: '0-first' });
    expect(await items.findPermission(app, 'A-001')).toEqual(p);
    const withBasis = { ...p, legalBasis: '《行政处罚法》第五十五条' };
    await items.savePermission(withBasis);
    expect(await items.findPermission(app, 'A-001')).toEqual(withBasis);
    expect((await items.permissionsOf(app)).map((x) => x.itemCode)).toEqual(['0-first', 'A-001']);
    expect(await items.removePermission(app, 'A-001')).toBe(true);
    expect(await items.removePermission(app, 'A-001')).toBe(false);
    expect(await items.findPermission(app, 'A-001')).toBeNull();
    expect(await items.permissionsOf(id('app'))).toEqual([]);
  });

  it('serves a one-time consent once, even to racing retrievals, and withdraws once', async () => {
    const person = id('c');
    const once = consent({ personId: person });
    const standing = consent({ personId: person, mode: 'standing', grantedAt: '2026-03-02T00:00:00.000Z', expiresAt: '2026-04-02T00:00:00.000Z' });
    await records.addConsent(once);
    await records.addConsent(standing);
    expect(await records.findConsent(once.id)).toEqual(once);
    expect(await records.findConsent('luc_none')).toBeNull();
    expect((await records.consentsOf(person)).map((c) => c.id)).toEqual([standing.id, once.id]);
    const raced = await Promise.all([1, 2, 3].map(() => records.markUsed(once.id, '2026-03-01T02:05:00.000Z')));
    expect(raced.filter(Boolean)).toHaveLength(1);
    expect((await records.findConsent(once.id))?.usedAt).toBe('2026-03-01T02:05:00.000Z');
    expect(await records.withdraw(standing.id, '2026-03-03T00:00:00.000Z')).toBe(true);
    expect(await records.withdraw(standing.id, '2026-03-04T00:00:00.000Z')).toBe(false);
    expect(await records.withdraw('luc_none', '2026-03-04T00:00:00.000Z')).toBe(false);
    expect((await records.findConsent(standing.id))?.withdrawnAt).toBe('2026-03-03T00:00:00.000Z');
    // A withdrawn consent is not used afterwards.
    const late = consent({ personId: person });
    await records.addConsent(late);
    await records.withdraw(late.id, '2026-03-01T02:01:00.000Z');
    expect(await records.markUsed(late.id, '2026-03-01T02:02:00.000Z')).toBe(false);
  });

  it("lists uses of a holder's keys newest first, up to the limit", async () => {
    const key = `idx:${id('k')}`;
    const other = `uscc:${id('k')}`;
    const u1 = use({ holderKey: key, at: '2026-03-01T02:00:00.000Z' });
    const u2 = use({ holderKey: other, at: '2026-03-02T02:00:00.000Z', consentId: 'luc_1', legalBasis: null, caseNumber: null, withFiles: false });
    const u3 = use({ holderKey: key, at: '2026-03-03T02:00:00.000Z' });
    for (const u of [u1, u2, u3]) await records.addUse(u);
    expect(await records.usesOf([key, other], 10)).toEqual([u3, u2, u1]);
    expect(await records.usesOf([key], 1)).toEqual([u3]);
    expect(await records.usesOf([], 10)).toEqual([]);
  });
});
