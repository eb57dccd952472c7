// Forgot password over every SQL backend: a known and an unknown number get the same answer after
// comparable work, the code resets the password once, wrong codes lock the number out, every
// sign-in of the account is ended, staff reset the same way, an account without a phone is
// unknown. Wrong current passwords on the account page are locked out too.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changePassword } from '../../../src/services/identity/change-password.ts';
import { createAccount } from '../../../src/services/identity/create-account.ts';
import { loginWithPassword } from '../../../src/services/identity/login-with-password.ts';
import { resetPasswordWithCode } from '../../../src/services/identity/reset-password-with-code.ts';
import type { ResetDeps } from '../../../src/services/identity/reset-password-with-code.ts';
import { RESET, resetFlowKey, startPasswordReset } from '../../../src/services/identity/start-password-reset.ts';
import { identityFixture } from '../../support/identity.ts';
import type { IdentityFixture } from '../../support/identity.ts';
import { sqlContractBackends } from '../../support/sql-backends.ts';

const system = { id: 'system:test', kind: 'system' as const };
let ip = 0;
/** Each test from its own address, so the per-address limits of one test do not reach another. */
const from = () => ({ clientIp: `192.0.2.${++ip}`, requestId: `r-reset-${ip}` });

const failure = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    const issues = (e as { details?: { issues?: { path: string[]; code: string }[] } }).details?.issues ?? [];
    return [(e as { code: string }).code, ...issues.map((i) => `${i.path.join('.')}:${i.code}`)].join(' ');
  }
  throw new Error('expected a failure');
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

describe.each(sqlContractBackends)('forgot password over $name', (backend) => {
  let f: IdentityFixture;
  let deps: ResetDeps;
  const ended: string[] = [];
  beforeAll(async () => {
    f = await identityFixture(backend);
    await f.deps.accounts.addDepartment({ id: 'd', parentId: null, name: '市政府', kind: 'city', creditCode: null });
    deps = { ...f.deps, sessions: { endAll: async (id) => { ended.push(id); return { sessions: 1, grants: 1, backchannel: [] }; } } };
  });
  afterAll(async () => f?.cleanup());

  const codeIn = (phone: string) => /(\d{6})/.exec(f.sms.sent.get(phone) ?? '')?.[1] as string;
  const citizen = (phone: string, password = 'Old-Pass-01') => createAccount(f.deps, { kind: 'citizen', name: '忘密', idNumber: null, phone, password, assurance: 'L1' }, system);

  it('answers a known and an unknown number alike, and texts only the known one', async () => {
    await citizen('13800000401');
    const ctx = from();
    const known = await startPasswordReset(f.deps, '13800000401', ctx);
    const unknown = await startPasswordReset(f.deps, '13800000402', ctx);
    expect(Object.keys(known)).toEqual(Object.keys(unknown));
    expect(known.flowId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(unknown.flowId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Both keep a flow of the same shape; only the known number got a text.
    const shape = (s: string | null) => Object.keys(JSON.parse(s as string) as object).sort();
    expect(shape(await f.deps.kv.get(resetFlowKey(unknown.flowId)))).toEqual(shape(await f.deps.kv.get(resetFlowKey(known.flowId))));
    expect(codeIn('13800000401')).toMatch(/^\d{6}$/);
    expect(f.sms.sent.has('13800000402')).toBe(false);
    // Every code is wrong for the unknown number, and says the same as a wrong code for a known one.
    const wrongKnown = await failure(resetPasswordWithCode(deps, { flowId: known.flowId, code: '000000', password: 'New-Pass-02', confirm: 'New-Pass-02' }, ctx));
    const wrongUnknown = await failure(resetPasswordWithCode(deps, { flowId: unknown.flowId, code: '000000', password: 'New-Pass-02', confirm: 'New-Pass-02' }, ctx));
    expect(wrongUnknown).toBe(wrongKnown);
  });

  it('takes comparable time for a known and an unknown number, even with a slow SMS gateway', async () => {
    const runs = 7;
    const knownPhones = Array.from({ length: runs + 1 }, (_, i) => `1380000041${i}`);
    const unknownPhones = Array.from({ length: runs + 1 }, (_, i) => `1390000041${i}`);
    for (const phone of knownPhones) await citizen(phone);
    // A gateway that takes 150 ms: an answer that waited for it would tell a known number apart.
    const slow = { ...f.deps, sms: { send: async (phone: string, text: string) => { await sleep(150); await f.sms.send(phone, text); } } };
    const time = async (phone: string) => {
      const t0 = performance.now();
      await startPasswordReset(slow, phone, from());
      return performance.now() - t0;
    };
    // Warm up both paths, then alternate: the median of several runs each, a number each time.
    await time(knownPhones[runs] as string);
    await time(unknownPhones[runs] as string);
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < runs; i++) {
      known.push(await time(knownPhones[i] as string));
      unknown.push(await time(unknownPhones[i] as string));
    }
    const [k, u] = [median(known), median(unknown)];
    // Generous, as the machine is shared: only a gross difference (a skipped lookup, a waited-for gateway) fails.
    expect(Math.max(k, u)).toBeLessThan(3 * Math.min(k, u) + 40);
  });

  it('resets the password once with the right code, ends every sign-in, audits and tells the phone', async () => {
    const a = await citizen('13800000421');
    const ctx = from();
    const { flowId } = await startPasswordReset(f.deps, '13800000421', ctx);
    const code = codeIn('13800000421');
    expect(await failure(resetPasswordWithCode(deps, { flowId, code, password: 'short', confirm: 'short' }, ctx))).toBe('ERR_VALIDATION password:too_short');
    expect(await failure(resetPasswordWithCode(deps, { flowId, code, password: 'New-Pass-02', confirm: 'New-Pass-03' }, ctx))).toBe('ERR_VALIDATION confirm:mismatch');
    const reset = await resetPasswordWithCode(deps, { flowId, code, password: 'New-Pass-02', confirm: 'New-Pass-02' }, ctx);
    expect(reset.id).toBe(a.id);
    expect(ended).toContain(a.id);
    expect((await loginWithPassword(f.deps, { login: '13800000421', password: 'New-Pass-02' }, ctx)).account.id).toBe(a.id);
    expect(await failure(loginWithPassword(f.deps, { login: '13800000421', password: 'Old-Pass-01' }, ctx))).toBe('ERR_UNAUTHENTICATED');
    expect(f.sms.sent.get('13800000421')).toContain('密码已重设');
    // The flow is gone: the same code does not work twice.
    expect(await failure(resetPasswordWithCode(deps, { flowId, code, password: 'Other-Pass-04', confirm: 'Other-Pass-04' }, ctx))).toBe('ERR_UNAUTHENTICATED');
    const audited = f.auditStore.records.filter((r) => r.action === 'account.password.reset' && r.object === a.id);
    expect(audited.map((r) => r.outcome)).toEqual(['success']);
    expect(JSON.stringify(f.auditStore.records)).not.toContain('New-Pass-02');
    expect(JSON.stringify(f.auditStore.records)).not.toContain(code);
  });

  it(`locks the number out after ${RESET.wrongCodesPerPhone} wrong codes, even for the right one after`, async () => {
    await citizen('13800000431');
    const { flowId } = await startPasswordReset(f.deps, '13800000431', from());
    const code = codeIn('13800000431');
    const wrong = code === '111111' ? '222222' : '111111';
    const tries: string[] = [];
    // From a new address each time: the lockout is the number's, not the address's.
    for (let i = 0; i < RESET.wrongCodesPerPhone; i++) tries.push(await failure(resetPasswordWithCode(deps, { flowId, code: wrong, password: 'New-Pass-02', confirm: 'New-Pass-02' }, from())));
    expect(tries).toEqual([...Array(RESET.wrongCodesPerPhone - 1).fill('ERR_VALIDATION code:wrong'), 'ERR_RATE_LIMITED']);
    expect(await failure(resetPasswordWithCode(deps, { flowId, code, password: 'New-Pass-02', confirm: 'New-Pass-02' }, from()))).toBe('ERR_UNAUTHENTICATED');
    expect(await failure(startPasswordReset(f.deps, '13800000431', from()))).toBe('ERR_RATE_LIMITED');
    expect((await loginWithPassword(f.deps, { login: '13800000431', password: 'Old-Pass-01' }, from())).account.phone).toBe('13800000431');
  });

  it('limits requests per number and per address', async () => {
    await citizen('13800000441');
    const ctx = from();
    for (let i = 0; i < 5; i++) await startPasswordReset(f.deps, '13800000441', from());
    expect(await failure(startPasswordReset(f.deps, '13800000441', from()))).toBe('ERR_RATE_LIMITED');
    for (let i = 0; i < 20; i++) await startPasswordReset(f.deps, `1390000${String(4400 + i)}`, ctx);
    expect(await failure(startPasswordReset(f.deps, '13900004499', ctx))).toBe('ERR_RATE_LIMITED');
  });

  it('resets a staff member or a legal person with a phone on record; an account without a phone is like an unknown number', async () => {
    const staff = await createAccount(f.deps, { kind: 'staff', name: '忘密职员', staffNumber: 'R451', departmentId: 'd', roles: ['clerk'], phone: '13800000451', password: 'Old-Pass-01' }, system);
    const ctx = from();
    const { flowId } = await startPasswordReset(f.deps, '13800000451', ctx);
    await resetPasswordWithCode(deps, { flowId, code: codeIn('13800000451'), password: 'New-Pass-02', confirm: 'New-Pass-02' }, ctx);
    expect((await loginWithPassword(f.deps, { login: 'R451', password: 'New-Pass-02' }, ctx)).account.id).toBe(staff.id);
    // A legal person signs in with its credit code; its number on record resets it the same way.
    const rep = await citizen('13800000453');
    const org = await createAccount(f.deps, { kind: 'legal_person', name: '某某科技有限公司', creditCode: '91350100M000100Y43', representativeId: rep.id, phone: '13800000454', password: 'Old-Pass-01' }, system);
    const orgFlow = await startPasswordReset(f.deps, '13800000454', ctx);
    await resetPasswordWithCode(deps, { flowId: orgFlow.flowId, code: codeIn('13800000454'), password: 'New-Pass-02', confirm: 'New-Pass-02' }, ctx);
    expect((await loginWithPassword(f.deps, { login: '91350100M000100Y43', password: 'New-Pass-02' }, ctx)).account.id).toBe(org.id);
    await createAccount(f.deps, { kind: 'staff', name: '无手机', staffNumber: 'R452', departmentId: 'd', roles: ['clerk'], phone: null, password: 'Old-Pass-01' }, system);
    await startPasswordReset(f.deps, '13800000452', ctx);
    expect(f.sms.sent.has('13800000452')).toBe(false);
  });

  it('locks the current-password check of the account page after 5 wrong ones', async () => {
    const a = await citizen('13800000461');
    const change = (current: string) => changePassword(f.deps, { accountId: a.id, current, password: 'New-Pass-02', confirm: 'New-Pass-02' }, from());
    for (let i = 0; i < 5; i++) expect(await failure(change('Not-The-One'))).toBe('ERR_VALIDATION current:wrong');
    expect(await failure(change('Old-Pass-01'))).toBe('ERR_RATE_LIMITED');
    const audited = f.auditStore.records.filter((r) => r.action === 'account.password.change' && r.object === a.id).map((r) => r.outcome);
    expect(audited).toEqual([...Array(5).fill('failure'), 'denied']);
  });
});
