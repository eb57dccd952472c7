// QR-scan login's state machine over every key-value store (memory and SQLite always, MariaDB and
// Redis when TEST_MYSQL_URL / TEST_REDIS_URL are set): a code is scanned once, decided once and
// completes only its own interaction, once; time comes from an injected clock.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../../src/domain/account.ts';
import { AuditLog } from '../../../src/services/audit/audit-log.ts';
import { completeQrLogin } from '../../../src/services/identity/qr-login-complete.ts';
import { decideQrLogin } from '../../../src/services/identity/qr-login-decide.ts';
import { QR_LOGIN } from '../../../src/services/identity/qr-login-deps.ts';
import type { QrLoginDeps, QrPhone } from '../../../src/services/identity/qr-login-deps.ts';
import { issueQrLogin } from '../../../src/services/identity/qr-login-issue.ts';
import { scanQrLogin } from '../../../src/services/identity/qr-login-scan.ts';
import { qrLoginStatus } from '../../../src/services/identity/qr-login-status.ts';
import { fakeClock, kvBackends } from '../../adapters/kv-backends.ts';
import type { KvSubject } from '../../adapters/kv-backends.ts';
import { MemoryAuditStore } from '../../support/memory-audit-store.ts';

const ctx = { clientIp: '10.0.0.9', requestId: 'req-1' };
let seq = 0;
const uid = () => `interaction-${++seq}-${Math.random().toString(36).slice(2)}`;

function account(id: string, status: Account['status'] = 'active'): Account {
  return {
    id, kind: 'citizen', name: '王五', phone: null, assurance: 'L3', status, passwordHash: null, totpSealed: null,
    citizen: null, legalPerson: null, staff: null, createdAt: '2026-01-01T00:00:00.000Z',
  };
}

const phone = (accountId: string, acr: string | null = 'L2', amr = ['pwd']): QrPhone => ({
  accountId, clientId: 'city-app', session: acr === null ? null : { acr, amr },
});

describe.each(kvBackends)('QR login on $name', (backend) => {
  let subject: KvSubject;
  let deps: QrLoginDeps;
  let clock: ReturnType<typeof fakeClock>;
  let audit: MemoryAuditStore;
  const people = new Map<string, Account>([['c_alice', account('c_alice')], ['c_bob', account('c_bob')], ['c_gone', account('c_gone', 'disabled')]]);

  beforeAll(async () => {
    subject = await backend.open();
  });
  afterAll(async () => subject?.cleanup());
  beforeEach(() => {
    clock = fakeClock();
    audit = new MemoryAuditStore();
    deps = { kv: subject.store, audit: new AuditLog(audit, clock), clock, accounts: { findById: async (id) => people.get(id) ?? null } };
  });

  const issue = (interaction = uid()) => issueQrLogin(deps, {
    interaction, clientId: 'app-1', appName: '公积金查询', from: { ip: '10.0.0.1', userAgent: 'Chrome on Linux' },
  }).then((r) => ({ ...r, interaction }));
  const actions = () => audit.records.map((r) => `${r.action}:${r.outcome}`);

  it('issues an unguessable code that names nothing, pending for two minutes', async () => {
    const a = await issue();
    const b = await issue();
    expect(a.code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.code).not.toBe(b.code);
    expect(Date.parse(a.expiresAt) - clock.now().getTime()).toBe(QR_LOGIN.ttlSeconds * 1000);
    expect(await qrLoginStatus(deps, a.code, a.interaction)).toEqual({ status: 'pending', expiresAt: a.expiresAt });
  });

  it('scans, confirms and completes once, at the phone session level, with amr saying how', async () => {
    const q = await issue();
    const scanned = await scanQrLogin(deps, q.code, phone('c_alice', 'L3', ['pwd', 'face']), ctx);
    expect(scanned).toMatchObject({ app: { clientId: 'app-1', name: '公积金查询' }, from: { ip: '10.0.0.1', userAgent: 'Chrome on Linux' }, expiresAt: q.expiresAt });
    expect((await qrLoginStatus(deps, q.code, q.interaction)).status).toBe('scanned');
    expect(await decideQrLogin(deps, q.code, phone('c_alice', 'L3', ['pwd', 'face']), 'confirm', ctx)).toEqual({ status: 'confirmed' });
    expect((await qrLoginStatus(deps, q.code, q.interaction)).status).toBe('confirmed');
    const done = await completeQrLogin(deps, q.code, q.interaction, ctx);
    expect(done.account.id).toBe('c_alice');
    expect(done.acr).toBe('L3');
    expect(done.amr).toEqual(['qr', 'mca', 'pwd', 'face']);
    await expect(completeQrLogin(deps, q.code, q.interaction, ctx)).rejects.toMatchObject({ code: 'ERR_QR_LOGIN_USED' });
    expect((await qrLoginStatus(deps, q.code, q.interaction)).status).toBe('completed');
    expect(actions()).toEqual(['login.qr.scan:success', 'login.qr.confirm:success', 'login.qr:success', 'login.qr:failure']);
  });

  it('refuses a second scan of a code, by anyone, and a decision by someone who did not scan it', async () => {
    const q = await issue();
    await scanQrLogin(deps, q.code, phone('c_alice'), ctx);
    await expect(scanQrLogin(deps, q.code, phone('c_alice'), ctx)).rejects.toMatchObject({ code: 'ERR_QR_LOGIN_USED' });
    await expect(scanQrLogin(deps, q.code, phone('c_bob'), ctx)).rejects.toMatchObject({ code: 'ERR_QR_LOGIN_USED' });
    await expect(decideQrLogin(deps, q.code, phone('c_bob'), 'confirm', ctx)).rejects.toMatchObject({ code: 'ERR_QR_LOGIN_USED' });
    await decideQrLogin(deps, q.code, phone('c_alice'), 'confirm', ctx);
    await expect(decideQrLogin(deps, q.code, phone('c_alice'), 'decline', ctx)).rejects.toMatchObject({ code: 'ERR_QR_LOGIN_USED' });
  });

  it('lets only one of many concurrent scans win', async () => {
    const q = await issue();
    const results = await Promise.allSettled(['c_alice', 'c_bob', 'c_alice', 'c_bob', 'c_alice'].map((p) => scanQrLogin(deps, q.code, phone(p), ctx)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(Array(4).fill('ERR_QR_LOGIN_USED'));
  });

  it('lets only one of concurrent completions win', async () => {
    const q = await issue();
    await scanQrLogin(deps, q.code, phone('c_alice'), ctx);
    await decideQrLogin(deps, q.code, phone('c_alice'), 'confirm', ctx);
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => completeQrLogin(deps, q.code, q.interaction, ctx)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('binds a code to its interaction: another interaction can neither see nor complete it', async () => {
    const q = await issue();
    const other = await issue();
    await scanQrLogin(deps, q.code, phone('c_alice'), ctx);
    await decideQrLogin(deps, q.code, phone('c_alice'), 'confirm', ctx);
    await expect(qrLoginStatus(deps, q.code, other.interaction)).rejects.toMatchObject({ code: 'ERR_QR_LOGIN_OTHER_INTERACTION' });
    await expect(completeQrLogin(deps, q.code, other.interaction, ctx)).rejects.toMatchObject({ code: 'ERR_QR_LOGIN_OTHER_INTERACTION' });
    // The refusal spent nothing: the right interaction still completes.
    expect((await completeQrLogin(deps, q.code, q.interaction, ctx)).account.id).toBe('c_alice');
  });

  it('declines: the browser hears it and cannot complete', async () => {
    const q = await issue();
    await scanQrLogin(deps, q.code, phone('c_alice'), ctx);
    expect(await decideQrLogin(deps, q.code, phone('c_alice'), 'decline', ctx)).toEqual({ status: 'declined' });
    expect((await qrLoginStatus(deps, q.code, q.interaction)).status).toBe('declined');
    await expect(completeQrLogin(deps, q.code, q.interaction, ctx)).rejects.toMatchObject({ code: 'ERR_QR_LOGIN_DECLINED' });
    expect(actions()).toContain('login.qr.decline:success');
  });

  it('expires: unscanned, scanned-but-undecided, and confirmed-but-not-completed codes', async () => {
    const unscanned = await issue();
    const undecided = await issue();
    await scanQrLogin(deps, undecided.code, phone('c_alice'), ctx);
    clock.advance(QR_LOGIN.ttlSeconds * 1000 - 1);
    expect((await qrLoginStatus(deps, unscanned.code, unscanned.interaction)).status).toBe('pending');
    clock.advance(1);
    expect((await qrLoginStatus(deps, unscanned.code, unscanned.interaction)).status).toBe('expired');
    await expect(scanQrLogin(deps, unscanned.code, phone('c_alice'), ctx)).rejects.toMatchObject({ code: 'ERR_QR_LOGIN_EXPIRED' });
    await expect(decideQrLogin(deps, undecided.code, phone('c_alice'), 'confirm', ctx)).rejects.toMatchObject({ code: 'ERR_QR_LOGIN_EXPIRED' });

    const late = await issue();
    await scanQrLogin(deps, late.code, phone('c_alice'), ctx);
    await decideQrLogin(deps, late.code, phone('c_alice'), 'confirm', ctx);
    clock.advance(QR_LOGIN.completeWithinSeconds * 1000);
    await expect(completeQrLogin(deps, late.code, late.interaction, ctx)).rejects.toMatchObject({ code: 'ERR_QR_LOGIN_EXPIRED' });
  });

  it('a newer code for the same interaction replaces the older one', async () => {
    const interaction = uid();
    const old = await issue(interaction);
    const fresh = await issue(interaction);
    expect((await qrLoginStatus(deps, old.code, interaction)).status).toBe('expired');
    await expect(scanQrLogin(deps, old.code, phone('c_alice'), ctx)).rejects.toMatchObject({ code: 'ERR_QR_LOGIN_EXPIRED' });
    expect((await scanQrLogin(deps, fresh.code, phone('c_alice'), ctx)).app.name).toBe('公积金查询');
    // A scanned code replaced before the decision cannot be confirmed either.
    const newer = await issue(interaction);
    await expect(decideQrLogin(deps, fresh.code, phone('c_alice'), 'confirm', ctx)).rejects.toMatchObject({ code: 'ERR_QR_LOGIN_EXPIRED' });
    expect((await qrLoginStatus(deps, newer.code, interaction)).status).toBe('pending');
  });

  it('refuses a phone session below L2 or ended, and codes that are unknown or malformed', async () => {
    const q = await issue();
    await expect(scanQrLogin(deps, q.code, phone('c_alice', 'L1'), ctx)).rejects.toMatchObject({ code: 'ERR_QR_LOGIN_LEVEL' });
    await expect(scanQrLogin(deps, q.code, phone('c_alice', null), ctx)).rejects.toMatchObject({ code: 'ERR_QR_LOGIN_LEVEL' });
    // Refused scans leave the code unspent.
    await scanQrLogin(deps, q.code, phone('c_alice'), ctx);
    await expect(decideQrLogin(deps, q.code, phone('c_alice', 'L1'), 'confirm', ctx)).rejects.toMatchObject({ code: 'ERR_QR_LOGIN_LEVEL' });
    await expect(scanQrLogin(deps, 'A'.repeat(43), phone('c_alice'), ctx)).rejects.toMatchObject({ code: 'ERR_QR_LOGIN_UNKNOWN' });
    await expect(scanQrLogin(deps, 'short', phone('c_alice'), ctx)).rejects.toMatchObject({ code: 'ERR_QR_LOGIN_UNKNOWN' });
    const pending = await issue();
    await expect(decideQrLogin(deps, pending.code, phone('c_alice'), 'confirm', ctx)).rejects.toMatchObject({ code: 'ERR_QR_LOGIN_NOT_SCANNED' });
    await expect(completeQrLogin(deps, pending.code, pending.interaction, ctx)).rejects.toMatchObject({ code: 'ERR_QR_LOGIN_NOT_CONFIRMED' });
    expect(actions().filter((a) => a === 'login.qr.scan:failure')).toHaveLength(4);
  });

  it('does not sign in a disabled account', async () => {
    const q = await issue();
    await scanQrLogin(deps, q.code, phone('c_gone'), ctx);
    await decideQrLogin(deps, q.code, phone('c_gone'), 'confirm', ctx);
    await expect(completeQrLogin(deps, q.code, q.interaction, ctx)).rejects.toMatchObject({ code: 'ERR_UNAUTHENTICATED' });
  });

  it('limits scans per person and codes per interaction', async () => {
    const person = `c_busy${Math.random().toString(36).slice(2)}`;
    for (let i = 0; i < QR_LOGIN.scansPerMinute; i++) await expect(scanQrLogin(deps, 'B'.repeat(43), phone(person), ctx)).rejects.toMatchObject({ code: 'ERR_QR_LOGIN_UNKNOWN' });
    await expect(scanQrLogin(deps, 'B'.repeat(43), phone(person), ctx)).rejects.toMatchObject({ code: 'ERR_RATE_LIMITED' });
    const interaction = uid();
    for (let i = 0; i < QR_LOGIN.codesPerInteraction; i++) await issue(interaction);
    await expect(issue(interaction)).rejects.toMatchObject({ code: 'ERR_RATE_LIMITED' });
  }, 30_000);
});
