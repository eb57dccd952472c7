// Token issue is audited in batches: one chained record per window holding every event in order,
// a record at once when the batch is full, nothing lost on flush, and a chain that verifies.
import { describe, expect, it } from 'vitest';
import { AuditBatch } from '../../../src/services/audit/audit-batch.ts';
import { AuditLog } from '../../../src/services/audit/audit-log.ts';
import { verifyAuditChain } from '../../../src/services/audit/verify-audit-chain.ts';
import { systemClock } from '../../../src/ports/clock.ts';
import { MemoryAuditStore } from '../../support/memory-audit-store.ts';

const event = (n: number) => ({
  actor: { id: `c_${n}`, kind: 'citizen' as const }, action: 'token.issue', object: 'app_1', outcome: 'success' as const,
  clientIp: '10.0.0.1', details: { grantType: 'authorization_code', scope: 'openid', n },
});

function setUp(opts: { windowMs?: number; maxEvents?: number } = {}) {
  const store = new MemoryAuditStore();
  const log = new AuditLog(store, systemClock);
  const errors: unknown[] = [];
  const batch = new AuditBatch(log, systemClock, { action: 'token.issue', windowMs: opts.windowMs ?? 20, maxEvents: opts.maxEvents ?? 100, onError: (e) => errors.push(e) });
  const events = () => store.records.flatMap((r) => (JSON.parse(r.details) as { events: { actorId: string; details: { n: number } }[] }).events);
  return { store, log, batch, errors, events };
}

describe('batched audit records', () => {
  it('writes one record per window with every event in order', async () => {
    const { store, batch, events } = setUp();
    for (let n = 0; n < 5; n++) batch.add(event(n));
    expect(store.records).toHaveLength(0);
    await expect.poll(() => store.records.length).toBe(1);
    expect(store.records[0]).toMatchObject({ action: 'token.issue', actorKind: 'system', outcome: 'success' });
    expect(JSON.parse(store.records[0]?.details as string)).toMatchObject({ count: 5 });
    expect(events().map((e) => e.details.n)).toEqual([0, 1, 2, 3, 4]);
    expect(events()[0]).toMatchObject({ actorId: 'c_0', object: 'app_1', clientIp: '10.0.0.1' });
  });

  it('writes at once when the batch is full, and flush writes the rest', async () => {
    const { store, batch, events } = setUp({ windowMs: 60_000, maxEvents: 3 });
    for (let n = 0; n < 7; n++) batch.add(event(n));
    await expect.poll(() => store.records.length).toBe(2);
    await batch.flush();
    expect(store.records).toHaveLength(3);
    expect(events().map((e) => e.details.n)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('keeps the chain whole among other appends', async () => {
    const { store, log, batch } = setUp({ windowMs: 5 });
    await log.append({ actor: { id: null, kind: 'system' }, action: 'a', outcome: 'success' });
    batch.add(event(1));
    await log.append({ actor: { id: null, kind: 'system' }, action: 'b', outcome: 'success' });
    batch.add(event(2));
    await batch.flush();
    await log.append({ actor: { id: null, kind: 'system' }, action: 'c', outcome: 'success' });
    expect(store.records.map((r) => r.action)).toEqual(['a', 'b', 'token.issue', 'c']);
    expect((await verifyAuditChain(store)).ok).toBe(true);
  });

  it('masks personal data inside the events', async () => {
    const { store, batch } = setUp();
    batch.add({ ...event(1), details: { phone: '13812341234', password: 'x' } });
    await batch.flush();
    const details = store.records[0]?.details as string;
    expect(details).not.toContain('13812341234');
    expect(details).toContain('138****1234');
    expect(details).toContain('[redacted]');
  });
});
