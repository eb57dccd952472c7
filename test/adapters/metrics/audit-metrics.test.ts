// Operation counters from the audit records as they are appended: each kind of record to its
// metric and labels, token groups by grant type, only stored records, and the checkpoint's age.
import { describe, expect, it } from 'vitest';
import { auditMetrics } from '../../../src/adapters/metrics/audit-metrics.ts';
import { AuditGroupCommit } from '../../../src/services/audit/audit-group-commit.ts';
import { AuditLog } from '../../../src/services/audit/audit-log.ts';
import type { AuditEvent } from '../../../src/services/audit/audit-log.ts';
import { MemoryAuditStore } from '../../support/memory-audit-store.ts';

const now = new Date('2026-05-01T08:00:00Z');
const clock = { now: () => now };
const actor = { id: 'acc_1', kind: 'citizen' as const };
const event = (action: string, outcome: AuditEvent['outcome'] = 'success', details?: Record<string, unknown>): AuditEvent => ({ actor, action, outcome, ...(details ? { details } : {}) });

/** The sample lines of `name` in the exposition text. */
const samples = (text: string, name: string) => text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));

describe('audit metrics', () => {
  it('counts sign-ins, tokens, verifications, seal uses, licences and import jobs from the records', async () => {
    const backing = new MemoryAuditStore();
    const m = auditMetrics(backing, clock);
    const log = new AuditLog(m.store, clock);
    await log.append(event('login.password'));
    await log.append(event('login.password', 'failure'));
    await log.append(event('login.sms', 'denied'));
    await log.append(event('login.qr.scan'));
    await Promise.all([
      log.append(event('verification.check', 'success', { channel: 'pdf', result: 'VALID' })),
      log.append(event('verification.check', 'success', { channel: 'handle', result: 'CANNOT_CONFIRM' })),
    ]);
    const tokens = new AuditGroupCommit(log, clock, { action: 'token.issue', maxEvents: 10 });
    await Promise.all(['authorization_code', 'authorization_code', 'client_credentials'].map((grantType) => tokens.add(event('token.issue', 'success', { grantType, scope: 'openid' }))));
    await log.append(event('seal.use'));
    await log.append(event('seal.use', 'failure'));
    await log.append(event('licence.issue'));
    await log.append(event('licence.renew'));
    await log.append(event('licence.suspend'));
    await log.append(event('licence.expire'));
    await log.append(event('licence.import.start', 'success', { lines: 5 }));
    await log.append(event('licence.import.finish', 'success', { total: 5, issued: 3, replayed: 1, failed: 1 }));
    await log.append(event('staff.import.start', 'success', { via: 'cli' }));
    expect(backing.records).toHaveLength(16);

    const text = await m.registry.metrics();
    expect(samples(text, 'yinxin_sign_ins_total').sort()).toEqual([
      'yinxin_sign_ins_total{method="password",result="failure"} 1',
      'yinxin_sign_ins_total{method="password",result="success"} 1',
      'yinxin_sign_ins_total{method="sms",result="denied"} 1',
    ]);
    expect(samples(text, 'yinxin_tokens_issued_total').sort()).toEqual([
      'yinxin_tokens_issued_total{grant_type="authorization_code"} 2',
      'yinxin_tokens_issued_total{grant_type="client_credentials"} 1',
    ]);
    expect(samples(text, 'yinxin_verifications_total').sort()).toEqual([
      'yinxin_verifications_total{verdict="CANNOT_CONFIRM",channel="handle"} 1',
      'yinxin_verifications_total{verdict="VALID",channel="pdf"} 1',
    ]);
    expect(samples(text, 'yinxin_seal_uses_total').sort()).toEqual(['yinxin_seal_uses_total{outcome="failure"} 1', 'yinxin_seal_uses_total{outcome="success"} 1']);
    expect(samples(text, 'yinxin_licence_issuances_total').sort()).toEqual([
      'yinxin_licence_issuances_total{kind="issue",outcome="success"} 1',
      'yinxin_licence_issuances_total{kind="renew",outcome="success"} 1',
    ]);
    expect(samples(text, 'yinxin_licence_status_changes_total').sort()).toEqual([
      'yinxin_licence_status_changes_total{action="expire"} 1',
      'yinxin_licence_status_changes_total{action="suspend"} 1',
    ]);
    expect(samples(text, 'yinxin_import_jobs_running').sort()).toEqual(['yinxin_import_jobs_running{kind="licence"} 0', 'yinxin_import_jobs_running{kind="staff"} 1']);
    expect(samples(text, 'yinxin_import_lines_total').sort()).toEqual([
      'yinxin_import_lines_total{kind="licence",result="failed"} 1',
      'yinxin_import_lines_total{kind="licence",result="issued"} 3',
      'yinxin_import_lines_total{kind="licence",result="replayed"} 1',
      'yinxin_import_lines_total{kind="licence",result="submitted"} 5',
      'yinxin_import_lines_total{kind="staff",result="submitted"} 0',
    ]);
    expect(text).toContain('yinxin_audit_events_total{action="login.qr.scan",outcome="success"} 1');
    expect(text).toContain('yinxin_audit_events_total{action="token.issue",outcome="success"} 1');
  });

  it('counts a record only once it is stored, and keeps labels to plain values', async () => {
    const backing = new MemoryAuditStore();
    const m = auditMetrics(backing, clock);
    const log = new AuditLog(m.store, clock);
    await log.append(event('verification.check', 'success', { channel: 'pdf', result: 'VALID' }));
    // Another process takes seq 2: this process's next append conflicts, is retried as seq 3 and counted once.
    await new AuditLog(backing, clock).append(event('admin.other'));
    await log.append(event('verification.check', 'success', { channel: 'pdf', result: 'VALID <script>' }));
    expect(backing.records.map((r) => r.seq)).toEqual([1, 2, 3]);
    const text = await m.registry.metrics();
    expect(samples(text, 'yinxin_verifications_total').sort()).toEqual([
      'yinxin_verifications_total{verdict="VALID",channel="pdf"} 1',
      'yinxin_verifications_total{verdict="other",channel="pdf"} 1',
    ]);
    expect(text).not.toContain('admin.other');
  });

  it('reports the age of the last checkpoint, -1 before the first', async () => {
    const backing = new MemoryAuditStore();
    const m = auditMetrics(backing, clock);
    expect(samples(await m.registry.metrics(), 'yinxin_audit_checkpoint_age_seconds')).toEqual(['yinxin_audit_checkpoint_age_seconds -1']);
    await backing.addCheckpoint({ seq: 1, hash: 'a'.repeat(64), signedAt: '2026-05-01T07:58:20.000Z', keyId: 'audit-checkpoint#1', signature: '', index: 1, prevDigest: '0'.repeat(64) });
    expect(samples(await m.registry.metrics(), 'yinxin_audit_checkpoint_age_seconds')).toEqual(['yinxin_audit_checkpoint_age_seconds 100']);
  });
});
