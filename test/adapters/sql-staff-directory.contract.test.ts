// The staff directory store against every SQL backend: listing and searching staff, changing a
// staff record and an account's status, moving and renaming departments, the position catalogue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlAccountStore } from '../../src/adapters/accounts/sql-account-store.ts';
import { SqlStaffDirectoryStore } from '../../src/adapters/accounts/sql-staff-directory-store.ts';
import type { Account } from '../../src/domain/account.ts';
import { sqlContractBackends } from '../support/sql-backends.ts';

function staff(n: string, name: string, departmentId: string, over: Partial<Account> = {}): Account {
  return {
    id: `s_${n}`, kind: 'staff', name, phone: null, assurance: 'L1', status: 'active', passwordHash: null, totpSealed: null,
    citizen: null, legalPerson: null, staff: { staffNumber: n, departmentId, positions: [], roles: ['clerk'] }, createdAt: '2026-03-01T02:00:00.000Z', ...over,
  };
}

describe.each(sqlContractBackends)('SQL staff directory store on $name', (backend) => {
  let db: Awaited<ReturnType<typeof backend.open>>;
  let accounts: SqlAccountStore;
  let dir: SqlStaffDirectoryStore;
  beforeAll(async () => {
    db = await backend.open();
    accounts = new SqlAccountStore(db.knex);
    dir = new SqlStaffDirectoryStore(db.knex);
    await accounts.addDepartment({ id: 'city', parentId: null, name: '某市', kind: 'city' });
    await accounts.addDepartment({ id: 'b1', parentId: 'city', name: '一局', kind: 'bureau' });
    await accounts.addDepartment({ id: 'b2', parentId: 'city', name: '二局', kind: 'bureau' });
    for (const a of [staff('N003', '王五', 'b1'), staff('N001', '张三', 'b1'), staff('N002', '李四_百分%', 'b2'), staff('X-9', '赵六', 'b2', { status: 'disabled' })]) {
      await accounts.create(a, [`staff:${a.staff!.staffNumber}`]);
    }
    await accounts.create({ ...staff('C1', '市民', 'b1'), id: 'c_1', kind: 'citizen', staff: null }, ['phone:13800000001']);
  });
  afterAll(async () => db.cleanup());

  it('lists staff only, ordered by staff number, a page at a time with the total', async () => {
    const all = await dir.listStaff({ limit: 10, offset: 0 });
    expect(all.total).toBe(4);
    expect(all.accounts.map((a) => a.staff?.staffNumber)).toEqual(['N001', 'N002', 'N003', 'X-9']);
    const page = await dir.listStaff({ limit: 2, offset: 1 });
    expect(page).toMatchObject({ total: 4 });
    expect(page.accounts.map((a) => a.id)).toEqual(['s_N002', 's_N003']);
  });

  it('filters by departments, status, and text in the name or staff number (wildcards taken literally)', async () => {
    const ids = async (q: Parameters<SqlStaffDirectoryStore['listStaff']>[0]) => (await dir.listStaff(q)).accounts.map((a) => a.id);
    expect(await ids({ departmentIds: ['b1'], limit: 10, offset: 0 })).toEqual(['s_N001', 's_N003']);
    expect(await ids({ departmentIds: ['b2'], status: 'active', limit: 10, offset: 0 })).toEqual(['s_N002']);
    expect(await ids({ text: '张', limit: 10, offset: 0 })).toEqual(['s_N001']);
    expect(await ids({ text: 'X-', limit: 10, offset: 0 })).toEqual(['s_X-9']);
    expect(await ids({ text: '%', limit: 10, offset: 0 })).toEqual(['s_N002']);
    expect(await ids({ text: '_', limit: 10, offset: 0 })).toEqual(['s_N002']);
    expect(await ids({ text: '!', limit: 10, offset: 0 })).toEqual([]);
    expect((await dir.listStaff({ departmentIds: [], limit: 10, offset: 0 })).total).toBe(0);
  });

  it('changes a staff record and an account status; absent ones are ERR_NOT_FOUND', async () => {
    await dir.updateStaff('s_N001', '张三丰', { departmentId: 'b2', positions: ['kz'], roles: ['clerk', 'auditor'] });
    await dir.setStatus('s_N001', 'disabled');
    const a = await accounts.findById('s_N001');
    expect(a).toMatchObject({ name: '张三丰', status: 'disabled', staff: { staffNumber: 'N001', departmentId: 'b2', positions: ['kz'], roles: ['clerk', 'auditor'] } });
    expect((await accounts.findByLogin('staff:N001'))?.id).toBe('s_N001');
    await expect(dir.updateStaff('s_none', 'x', { departmentId: 'b1', positions: [], roles: [] })).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
    await expect(dir.updateStaff('c_1', 'x', { departmentId: 'b1', positions: [], roles: [] })).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
    await expect(dir.setStatus('s_none', 'active')).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
  });

  it('renames and moves departments', async () => {
    await dir.updateDepartment({ id: 'b2', parentId: 'b1', name: '二处', kind: 'bureau' });
    expect((await accounts.departments()).find((d) => d.id === 'b2')).toMatchObject({ parentId: 'b1', name: '二处', kind: 'bureau' });
    await expect(dir.updateDepartment({ id: 'zz', parentId: null, name: 'x', kind: 'city' })).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
  });

  it('keeps the position catalogue: add, conflict on a taken id, rename', async () => {
    await dir.addPosition({ id: 'kz', name: '科长', createdAt: '2026-03-01T02:00:00.000Z' });
    await dir.addPosition({ id: 'ky', name: '科员', createdAt: '2026-03-01T02:00:00.000Z' });
    await expect(dir.addPosition({ id: 'kz', name: '又', createdAt: '2026-03-01T02:00:00.000Z' })).rejects.toMatchObject({ code: 'ERR_CONFLICT' });
    await dir.renamePosition('ky', '一级科员');
    expect(await dir.positions()).toEqual([
      { id: 'ky', name: '一级科员', createdAt: '2026-03-01T02:00:00.000Z' },
      { id: 'kz', name: '科长', createdAt: '2026-03-01T02:00:00.000Z' },
    ]);
    await expect(dir.renamePosition('none', 'x')).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
  });
});
