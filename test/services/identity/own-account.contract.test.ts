// The account pages' own use cases over SQLite (and MySQL when configured): re-authentication
// before a change to how one signs in, adding and removing an authenticator as a citizen, and
// the sign-in history read from the audit log a page at a time, addresses with their host hidden.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlAuditStore } from '../../../src/adapters/sql/sql-audit-store.ts';
import { systemClock } from '../../../src/ports/clock.ts';
import { AuditLog } from '../../../src/services/audit/audit-log.ts';
import { confirmOwnTotpEnrolment } from '../../../src/services/identity/confirm-own-totp-enrolment.ts';
import { createAccount } from '../../../src/services/identity/create-account.ts';
import type { OwnAccountDeps, OwnCaller } from '../../../src/services/identity/own-account-deps.ts';
import { removeOwnTotp } from '../../../src/services/identity/remove-own-totp.ts';
import { signInHistory } from '../../../src/services/identity/sign-in-history.ts';
import { startOwnTotpEnrolment } from '../../../src/services/identity/start-own-totp-enrolment.ts';
import { identityFixture } from '../../support/identity.ts';
import type { IdentityFixture } from '../../support/identity.ts';
import { sqlContractBackends } from '../../support/sql-backends.ts';
import { totpCode } from '../../support/staff-admin.ts';

const system = { id: 'system:test', kind: 'system' as const };
const PASSWORD = 'own account pass 1';

describe.each(sqlContractBackends)('own account use cases over $name', (backend) => {
  let f: IdentityFixture;
  let deps: OwnAccountDeps;
  let sqlAudit: SqlAuditStore;
  const now = () => Math.floor(Date.now() / 1000);
  const who = (accountId: string, authTime: number | null): OwnCaller => ({ accountId, sessionUid: null, authTime, clientIp: '198.51.100.23', requestId: 'r1' });

  beforeAll(async () => {
    f = await identityFixture(backend);
    sqlAudit = new SqlAuditStore(f.knex);
    const none = () => { throw new Error('not used here'); };
    deps = { ...f.deps, sessions: { endAll: none, list: none, end: none }, consents: { list: none, withdraw: none }, auditSearch: sqlAudit };
  });
  afterAll(async () => f?.cleanup());

  it('a citizen adds an authenticator only after re-authenticating, and removes it with the password', async () => {
    const { id } = await createAccount(f.deps, { kind: 'citizen', name: '赵自助', idNumber: null, phone: '13800000451', password: PASSWORD, assurance: 'L1' }, system);
    const stale = who(id, now() - 3600);
    await expect(startOwnTotpEnrolment(deps, stale, {})).rejects.toMatchObject({ code: 'ERR_UNAUTHENTICATED', details: { reason: 'reauthenticate' } });
    await expect(startOwnTotpEnrolment(deps, stale, { password: 'wrong password 1' })).rejects.toMatchObject({ details: { reason: 'wrong_password' } });
    const { secret } = await startOwnTotpEnrolment(deps, stale, { password: PASSWORD });
    // Recent sign-in: no password needed, and the same pending key comes back.
    expect((await startOwnTotpEnrolment(deps, who(id, now() - 60), {})).secret).toBe(secret);
    await expect(confirmOwnTotpEnrolment(deps, stale, { code: totpCode(secret, 4) })).rejects.toMatchObject({ details: { reason: 'bad_code' } });
    await confirmOwnTotpEnrolment(deps, stale, { code: totpCode(secret) });
    expect((await f.deps.accounts.findById(id))?.totpSealed).toBeTruthy();
    await expect(startOwnTotpEnrolment(deps, stale, { password: PASSWORD })).rejects.toMatchObject({ code: 'ERR_CONFLICT' });

    await expect(removeOwnTotp(deps, stale, {})).rejects.toMatchObject({ details: { reason: 'reauthenticate' } });
    expect((await f.deps.accounts.findById(id))?.totpSealed).toBeTruthy();
    expect(await removeOwnTotp(deps, stale, { password: PASSWORD })).toBe('password');
    expect((await f.deps.accounts.findById(id))?.totpSealed).toBeNull();
    const actions = f.auditStore.records.filter((r) => r.object === id).map((r) => `${r.action}:${r.outcome}`);
    expect(actions).toEqual(expect.arrayContaining(['account.totp.enrol:failure', 'account.totp.enrol:success', 'account.totp.remove:success']));
  });

  it('reads the sign-in history newest first, twenty a page, hosts hidden, other accounts and actions left out', async () => {
    const log = new AuditLog(sqlAudit, systemClock);
    const mine = 'c_history_mine';
    for (let i = 0; i < 23; i++) {
      await log.append({ actor: { id: mine, kind: 'citizen' }, action: i % 2 ? 'login.password' : 'login.sms', object: mine, outcome: i === 3 ? 'failure' : 'success', clientIp: `203.0.113.${i}`, requestId: null });
    }
    await log.append({ actor: { id: mine, kind: 'citizen' }, action: 'account.password.change', object: mine, outcome: 'success', clientIp: null, requestId: null });
    await log.append({ actor: { id: 'c_other', kind: 'citizen' }, action: 'login.password', object: 'c_other', outcome: 'success', clientIp: '203.0.113.99', requestId: null });
    await log.append({ actor: { id: mine, kind: 'citizen' }, action: 'login.qr', object: mine, outcome: 'success', clientIp: '2001:db8:5:6::1', requestId: null, details: { app: 'city-app' } });

    const first = await signInHistory(deps, mine, {});
    expect(first.records).toHaveLength(20);
    expect(first.records[0]).toMatchObject({ method: 'qr', outcome: 'success', ip: '2001:db8:5::*', app: 'city-app' });
    expect(first.records[1]).toMatchObject({ method: 'sms', ip: '203.0.113.*' });
    expect(first.records.map((r) => r.seq)).toEqual([...first.records.map((r) => r.seq)].sort((a, b) => b - a));
    expect(first.nextBefore).toBe(first.records.at(-1)?.seq);
    const second = await signInHistory(deps, mine, { beforeSeq: first.nextBefore as number });
    expect(second.records).toHaveLength(4);
    expect(second.nextBefore).toBeNull();
    expect(second.records.filter((r) => r.outcome === 'failure')).toHaveLength(1);
  });
});
