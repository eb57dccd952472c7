// The auditors' use cases over an in-memory log: a search answers a page and the cursor of the
// next, and is itself recorded; an export is recorded before its first page and reads the log a
// bounded page at a time; the export lines are CSV safe from spreadsheet formulas, or JSON lines
// with the fields as hashed; the status names the head, the checkpoint and a broken tail.
import { describe, expect, it } from 'vitest';
import { decodeAuditCursor, encodeAuditCursor, SIGN_IN_ACTIONS } from '../../../src/domain/audit-query.ts';
import { hashAuditRecord } from '../../../src/domain/audit-record.ts';
import type { AuditRecord } from '../../../src/domain/audit-record.ts';
import { auditCsvLine, auditJsonLine, csvCell } from '../../../src/services/audit/audit-export-format.ts';
import { AuditLog } from '../../../src/services/audit/audit-log.ts';
import { readAuditStatus } from '../../../src/services/audit/audit-status.ts';
import { EXPORT_PAGE, startAuditExport } from '../../../src/services/audit/export-audit.ts';
import { searchAudit } from '../../../src/services/audit/search-audit.ts';
import { MemoryAuditStore } from '../../support/memory-audit-store.ts';

const who = { id: 's_auditor', kind: 'staff' as const, clientIp: '10.1.1.1', requestId: 'r-1' };

function world(n: number) {
  let t = Date.parse('2026-11-01T00:00:00.000Z');
  const clock = { now: () => new Date((t += 1000)) };
  const store = new MemoryAuditStore();
  const log = new AuditLog(store, clock);
  return { store, log, clock, fill: async () => {
    for (let i = 0; i < n; i++) await log.append({ actor: { id: `s_${i % 4}`, kind: 'staff' }, action: i % 2 ? 'login.password' : 'seal.use', object: `o${i % 3}`, outcome: 'success' });
  } };
}

describe('audit search and export', () => {
  it('answers a page with the cursor of the next, and records each search', async () => {
    const w = world(30);
    await w.fill();
    const deps = { search: w.store, audit: w.log };
    const first = await searchAudit(deps, who, { actorId: 's_1' }, null, 5);
    expect(first.records.map((r) => r.actorId)).toEqual(Array(5).fill('s_1'));
    expect(first.next).not.toBeNull();
    const last = first.records.at(-1) as AuditRecord;
    expect(decodeAuditCursor(first.next as string)).toEqual({ time: last.time, seq: last.seq });
    const second = await searchAudit(deps, who, { actorId: 's_1' }, first.next, 5);
    expect(second.records.every((r) => r.seq < last.seq)).toBe(true);
    expect(second.next).toBeNull();
    const recorded = w.store.records.filter((r) => r.action === 'audit.search');
    expect(recorded).toHaveLength(2);
    expect(recorded[0]).toMatchObject({ actorId: 's_auditor', clientIp: '10.1.1.1', requestId: 'r-1' });
    expect(JSON.parse(recorded[0]!.details)).toEqual({ page: 'first', query: { actorId: 's_1' }, shown: 5 });
    expect(() => decodeAuditCursor('bm90IGEgY3Vyc29y')).toThrow(/invalid cursor/);
    expect(decodeAuditCursor(encodeAuditCursor({ time: '2026-01-01T00:00:00.000Z', seq: 9 }))).toEqual({ time: '2026-01-01T00:00:00.000Z', seq: 9 });
  });

  it('records an export before its first page and reads bounded pages', async () => {
    const w = world(EXPORT_PAGE * 2 + 7);
    await w.fill();
    let calls = 0;
    let largest = 0;
    const search = { search: async (...a: Parameters<MemoryAuditStore['search']>) => {
      calls++;
      largest = Math.max(largest, a[2]);
      return w.store.search(...a);
    } };
    const pages = await startAuditExport({ search, audit: w.log }, who, { actions: ['seal.use'] }, 'csv');
    expect(calls).toBe(0);
    expect(w.store.records.at(-1)).toMatchObject({ action: 'audit.export', actorId: 's_auditor' });
    let rows = 0;
    for await (const page of pages) rows += page.length;
    expect(rows).toBe(Math.ceil((EXPORT_PAGE * 2 + 7) / 2));
    expect(largest).toBe(EXPORT_PAGE);
    expect(calls).toBe(2);
  });

  it('writes CSV cells that no spreadsheet runs as formulas', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('a,b\nc')).toBe('"a,b\nc"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(-5)).toBe('-5');
    const fields = { seq: 1, time: '2026-01-01T00:00:00.000Z', actorId: '=cmd', actorKind: 'staff', action: 'a.b', object: null, outcome: 'success', clientIp: null, requestId: null, details: '{"a":"x,y"}', prevHash: '0'.repeat(64) };
    const r = { ...fields, hash: hashAuditRecord(fields) };
    expect(auditCsvLine(r)).toBe(`1,2026-01-01T00:00:00.000Z,'=cmd,staff,a.b,,success,,,"{""a"":""x,y""}",${'0'.repeat(64)},${r.hash}\r\n`);
    const back = JSON.parse(auditJsonLine(r)) as AuditRecord;
    expect(hashAuditRecord(back)).toBe(r.hash);
  });

  it('the status names the head and checkpoint, and a record altered after it', async () => {
    const w = world(12);
    await w.fill();
    const head = w.store.records.at(-1) as AuditRecord;
    await w.store.addCheckpoint({ seq: 5, hash: w.store.records[4]!.hash, signedAt: w.store.records[4]!.time, keyId: 'k#1', signature: 'x', index: 1, prevDigest: null });
    const ok = await readAuditStatus({ store: w.store, clock: w.clock, intervalS: 300 });
    expect(ok).toMatchObject({ head: { seq: head.seq }, checkpoint: { index: 1, seq: 5 }, uncovered: head.seq - 5, overdue: false, tail: { verified: head.seq - 4, complete: true, firstBroken: null } });
    w.store.records[8] = { ...w.store.records[8]!, object: 'changed' };
    const broken = await readAuditStatus({ store: w.store, clock: { now: () => new Date('2026-12-01T00:00:00Z') }, intervalS: 300 });
    expect(broken.tail.firstBroken).toMatchObject({ seq: 9, reason: 'AUDIT_RECORD_ALTERED' });
    expect(broken.overdue).toBe(true);
    expect(SIGN_IN_ACTIONS).toContain('login.password');
  });
});
