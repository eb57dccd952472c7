// Initial passwords over every SQL backend: issued passwords are marked initial and stay so
// through a sign-in (and its rehash) until the holder replaces them; the replacement's rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Argon2Hasher } from '../../../src/adapters/passwords/argon2-hasher.ts';
import { createAccount } from '../../../src/services/identity/create-account.ts';
import { loginWithPassword } from '../../../src/services/identity/login-with-password.ts';
import { replaceInitialPassword } from '../../../src/services/identity/replace-initial-password.ts';
import { identityFixture } from '../../support/identity.ts';
import type { IdentityFixture } from '../../support/identity.ts';
import { sqlContractBackends } from '../../support/sql-backends.ts';

const system = { id: 'system:test', kind: 'system' as const };
const ctx = { clientIp: '192.0.2.9', requestId: 'r-initial' };

describe.each(sqlContractBackends)('initial passwords over $name', (backend) => {
  let f: IdentityFixture;
  beforeAll(async () => {
    f = await identityFixture(backend);
    await f.deps.accounts.addDepartment({ id: 'city', parentId: null, name: '某市', kind: 'city' });
  });
  afterAll(async () => f?.cleanup());

  const issues = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      return { code: (e as { code: string }).code, issues: ((e as { details?: { issues?: { path: string[]; code: string }[] } }).details?.issues ?? []).map((i) => `${i.path.join('.')}:${i.code}`) };
    }
    throw new Error('expected a failure');
  };

  it('an issued password stays initial through sign-ins and rehashing until it is replaced', async () => {
    const a = await createAccount(f.deps, { kind: 'staff', name: '初始', staffNumber: 'IP01', departmentId: 'city', roles: ['clerk'], password: 'Initial-Pass-1', passwordInitial: true }, system);
    expect((await f.deps.accounts.findById(a.id))?.passwordInitial).toBe(true);
    // A hash made with older parameters is rehashed at sign-in; the mark stays.
    const older = await new Argon2Hasher({ memoryCost: 8192, timeCost: 1, parallelism: 1 }).hash('Initial-Pass-1');
    await f.deps.accounts.setPasswordHash(a.id, older, true);
    const login = await loginWithPassword(f.deps, { login: 'IP01', password: 'Initial-Pass-1' }, ctx);
    expect(login.account.passwordInitial).toBe(true);
    const stored = await f.deps.accounts.findById(a.id);
    expect(stored?.passwordHash).not.toBe(older);
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(stored?.passwordInitial).toBe(true);

    expect(await issues(replaceInitialPassword(f.deps, { accountId: a.id, password: 'short', confirm: 'short' }, ctx))).toEqual({ code: 'ERR_VALIDATION', issues: ['password:too_short'] });
    expect(await issues(replaceInitialPassword(f.deps, { accountId: a.id, password: 'Chosen-Pass-2', confirm: 'Chosen-Pass-3' }, ctx))).toEqual({ code: 'ERR_VALIDATION', issues: ['confirm:mismatch'] });
    expect(await issues(replaceInitialPassword(f.deps, { accountId: a.id, password: 'Initial-Pass-1', confirm: 'Initial-Pass-1' }, ctx))).toEqual({ code: 'ERR_VALIDATION', issues: ['password:same_as_initial'] });
    expect((await f.deps.accounts.findById(a.id))?.passwordInitial).toBe(true);

    const replaced = await replaceInitialPassword(f.deps, { accountId: a.id, password: 'Chosen-Pass-2', confirm: 'Chosen-Pass-2' }, ctx);
    expect(replaced.passwordInitial).toBe(false);
    expect((await f.deps.accounts.findById(a.id))?.passwordInitial).toBe(false);
    expect((await loginWithPassword(f.deps, { login: 'IP01', password: 'Chosen-Pass-2' }, ctx)).account.passwordInitial).toBe(false);
    expect((await issues(loginWithPassword(f.deps, { login: 'IP01', password: 'Initial-Pass-1' }, ctx))).code).toBe('ERR_UNAUTHENTICATED');
    // Replaced once, it is the holder's own: a second replacement through this path is refused.
    expect((await issues(replaceInitialPassword(f.deps, { accountId: a.id, password: 'Chosen-Pass-4', confirm: 'Chosen-Pass-4' }, ctx))).code).toBe('ERR_CONFLICT');
  });

  it('a password a person sets for themselves is never initial', async () => {
    const a = await createAccount(f.deps, { kind: 'citizen', name: '自设', idNumber: null, phone: '13800000091', password: 'my own password', assurance: 'L1' }, system);
    expect((await f.deps.accounts.findById(a.id))?.passwordInitial).toBe(false);
  });
});
