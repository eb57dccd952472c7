// Token issue is audited in groups: a caller's promise resolves only once its event is in a stored
// chained record; events arriving while an append runs share the next record, in order; a failed
// append rejects exactly its group's callers; the chain stays whole among other appends.
import { describe, expect, it } from 'vitest';
import { AuditGroupCommit } from '../../../src/services/audit/audit-group-commit.ts';
import { AuditLog } from '../../../src/services/audit/audit-log.ts';
import { verifyAuditChain } from '../../../src/services/audit/verify-audit-chain.ts';
import { systemClock } from '../../../src/ports/clock.ts';
import type { AuditRecord } from '../../../src/ports/audit-store.ts';
import { MemoryAuditStore } from '../../support/memory-audit-store.ts';

const event = (n: number) => ({
  actor: { id: `c_${n}`, kind: 'citizen' as const }, action: 'token.issue', object: 'app_1', outcome: 'success' as const,
  clientIp: '10.0.0.1', details: { grantType: 'authorization_code', scope: 'openid', n },
});

/** A store whose inserts wait until released, or fail while `failing` is set. */
class GatedStore extends MemoryAuditStore {
  gates: (() => void)[] = [];
  gated = false;
  failing = false;
  override async insertIfAbsent(r: AuditRecord): Promise<boolean> {
    if (this.failing) throw new Error('database down');
    if (this.gated) await new Promise<void>((resolve) => this.gates.push(resolve));
    return super.insertIfAbsent(r);
  }
}

function setUp(maxEvents = 100, minIntervalMs = 0) {
  const store = new GatedStore();
  const log = new AuditLog(store, systemClock);
  const group = new AuditGroupCommit(log, systemClock, { action: 'token.issue', maxEvents, minIntervalMs });
  const eventsOf = (r: AuditRecord | undefined) => (JSON.parse(r?.details ?? '{"events":[]}') as { events: { actorId: string; details: { n: number } }[] }).events;
  const events = () => store.records.flatMap(eventsOf);
  return { store, log, group, events, eventsOf };
}

describe('audit group commit', () => {
  it('resolves a caller only once its event is stored', async () => {
    const { store, group, events } = setUp();
    store.gated = true;
    let done = false;
    const added = group.add(event(0)).then(() => { done = true; });
    await expect.poll(() => store.gates.length).toBe(1);
    expect(done).toBe(false);
    expect(store.records).toHaveLength(0);
    store.gates.shift()?.();
    await added;
    expect(store.records).toHaveLength(1);
    expect(store.records[0]).toMatchObject({ action: 'token.issue', actorKind: 'system', outcome: 'success' });
    expect(events()[0]).toMatchObject({ actorId: 'c_0', object: 'app_1', clientIp: '10.0.0.1', details: { n: 0 } });
  });

  it('gathers the events that arrive during an append into the next record, in order, split at maxEvents', async () => {
    const { store, group, events, eventsOf } = setUp(3);
    store.gated = true;
    const first = group.add(event(0));
    await expect.poll(() => store.gates.length).toBe(1);
    const rest = [1, 2, 3, 4, 5].map((n) => group.add(event(n)));
    store.gated = false;
    store.gates.shift()?.();
    await Promise.all([first, ...rest]);
    expect(store.records.map((r) => eventsOf(r).length)).toEqual([1, 3, 2]);
    expect(events().map((e) => e.details.n)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('spaces appends by minIntervalMs while events keep coming, so they share records', async () => {
    const { store, group, events, eventsOf } = setUp(100, 50);
    await group.add(event(0));
    const start = performance.now();
    const next = [group.add(event(1))];
    await new Promise((r) => setTimeout(r, 10));
    next.push(group.add(event(2)));
    await Promise.all(next);
    expect(performance.now() - start).toBeGreaterThanOrEqual(30);
    expect(store.records.map((r) => eventsOf(r).length)).toEqual([1, 2]);
    expect(events().map((e) => e.details.n)).toEqual([0, 1, 2]);
  });

  it('rejects the callers of a record that could not be written, and carries on', async () => {
    const { store, group, events } = setUp();
    store.failing = true;
    const failed = [group.add(event(0)), group.add(event(1))];
    for (const p of failed) await expect(p).rejects.toThrow('database down');
    store.failing = false;
    await group.add(event(2));
    expect(events().map((e) => e.details.n)).toEqual([2]);
    await group.flush();
  });

  it('keeps the chain whole among other appends, and flush waits for what is pending', async () => {
    const { store, log, group } = setUp();
    await log.append({ actor: { id: null, kind: 'system' }, action: 'a', outcome: 'success' });
    void group.add(event(1));
    await group.flush();
    await log.append({ actor: { id: null, kind: 'system' }, action: 'b', outcome: 'success' });
    expect(store.records.map((r) => r.action)).toEqual(['a', 'token.issue', 'b']);
    expect((await verifyAuditChain(store)).ok).toBe(true);
  });

  it('masks personal data inside the events', async () => {
    const { store, group } = setUp();
    await group.add({ ...event(1), details: { phone: '13812341234', password: 'x' } });
    const details = store.records[0]?.details as string;
    expect(details).not.toContain('13812341234');
    expect(details).toContain('138****1234');
    expect(details).toContain('[redacted]');
  });
});
