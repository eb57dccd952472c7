import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, hashAuditRecord } from '../../../src/domain/audit-record.ts';
import { AuditLog } from '../../../src/services/audit/audit-log.ts';
import { MemoryAuditStore } from '../../support/memory-audit-store.ts';

const clock = { now: () => new Date('2026-01-02T03:04:05.678Z') };

describe('AuditLog', () => {
  it('chains records by SM3 from the genesis hash', async () => {
    const store = new MemoryAuditStore();
    const log = new AuditLog(store, clock);
    const a = await log.append({ actor: { id: 's1', kind: 'staff' }, action: 'seal.use', outcome: 'success' });
    const b = await log.append({ actor: { id: null, kind: 'anonymous' }, action: 'verify.licence', outcome: 'failure' });
    expect(a).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, time: '2026-01-02T03:04:05.678Z' });
    expect(b).toMatchObject({ seq: 2, prevHash: a.hash });
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashAuditRecord(b)).toBe(b.hash);
    expect(hashAuditRecord({ ...b, action: 'x' })).not.toBe(b.hash);
  });

  it('masks personal data and drops secrets in details', async () => {
    const log = new AuditLog(new MemoryAuditStore(), clock);
    const r = await log.append({
      actor: { id: 'c1', kind: 'citizen' }, action: 'login.password', outcome: 'success',
      details: { password: 'hunter2', idNumber: '110101199003071234', name: '张三丰', phone: '13812341234', nested: { token: 'abc' } },
    });
    expect(JSON.parse(r.details)).toEqual({
      idNumber: '110101********1234', name: '张*丰', nested: { token: '[redacted]' }, password: '[redacted]', phone: '138****1234',
    });
    expect(r.details).not.toContain('hunter2');
  });

  it('keeps one chain for concurrent appends within a process', async () => {
    const store = new MemoryAuditStore();
    const log = new AuditLog(store, clock);
    await Promise.all(Array.from({ length: 25 }, (_, i) => log.append({ actor: { id: `a${i}`, kind: 'system' }, action: 't', outcome: 'success' })));
    expect(store.records.map((r) => r.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    store.records.forEach((r, i) => expect(r.prevHash).toBe(i ? store.records[i - 1]?.hash : GENESIS_HASH));
  });

  it('re-reads the head and retries when another writer took the seq', async () => {
    const store = new MemoryAuditStore();
    const log = new AuditLog(store, clock);
    await log.append({ actor: { id: 'a', kind: 'system' }, action: 't', outcome: 'success' });
    // Another process appends seq 2 behind this log's cached head.
    const other = new AuditLog(store, clock);
    await other.append({ actor: { id: 'b', kind: 'system' }, action: 't', outcome: 'success' });
    const r = await log.append({ actor: { id: 'c', kind: 'system' }, action: 't', outcome: 'success' });
    expect(r.seq).toBe(3);
    expect(r.prevHash).toBe(store.records[1]?.hash);
  });

  it('recovers after a store failure', async () => {
    const store = new MemoryAuditStore();
    const log = new AuditLog(store, clock);
    const insert = store.insertIfAbsent.bind(store);
    store.insertIfAbsent = async () => { throw new Error('down'); };
    await expect(log.append({ actor: { id: 'a', kind: 'system' }, action: 't', outcome: 'success' })).rejects.toThrow('down');
    store.insertIfAbsent = insert;
    expect((await log.append({ actor: { id: 'a', kind: 'system' }, action: 't', outcome: 'success' })).seq).toBe(1);
  });
});
