// The forgot-password lockout is shared by every service process: two instances of the use
// cases, each on its own connection to one key-value store (memory, SQL, and Redis in the
// MariaDB + Redis suite), count the same wrong codes, and both refuse the number afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../../src/services/identity/create-account.ts';
import type { IdentityDeps } from '../../../src/services/identity/identity-deps.ts';
import { resetPasswordWithCode } from '../../../src/services/identity/reset-password-with-code.ts';
import { RESET, startPasswordReset } from '../../../src/services/identity/start-password-reset.ts';
import { kvBackends } from '../../adapters/kv-backends.ts';
import type { KvSubject } from '../../adapters/kv-backends.ts';
import { identityFixture } from '../../support/identity.ts';
import type { IdentityFixture } from '../../support/identity.ts';
import { sqlBackends } from '../../support/sql-backends.ts';

const system = { id: 'system:test', kind: 'system' as const };
const sessions = { endAll: async () => ({ sessions: 0, grants: 0, backchannel: [] }) };

const code = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return (e as { code: string }).code;
  }
  return 'ok';
};

describe.each(kvBackends)('forgot-password lockout across two instances over $name', (backend) => {
  let f: IdentityFixture;
  let kv: KvSubject;
  let one: IdentityDeps;
  let two: IdentityDeps;
  beforeAll(async () => {
    f = await identityFixture(sqlBackends[0]!);
    kv = await backend.open();
    one = { ...f.deps, kv: kv.store };
    two = { ...f.deps, kv: kv.peer };
    await createAccount(f.deps, { kind: 'citizen', name: '两处', idNumber: null, phone: '13800000501', password: 'Old-Pass-01', assurance: 'L1' }, system);
  });
  afterAll(async () => {
    await kv?.cleanup();
    await f?.cleanup();
  });

  it('counts wrong codes made on either instance and locks the number out on both', async () => {
    const ctx = (i: number) => ({ clientIp: `198.51.100.${i}`, requestId: null });
    const flow = await startPasswordReset(one, '13800000501', ctx(1));
    // The flow started on one instance is found on the other.
    const right = /(\d{6})/.exec(f.sms.sent.get('13800000501') ?? '')?.[1] as string;
    const wrong = right === '111111' ? '222222' : '111111';
    const outcomes: string[] = [];
    for (let i = 0; i < RESET.wrongCodesPerPhone; i++) {
      const deps = i % 2 === 0 ? one : two;
      outcomes.push(await code(resetPasswordWithCode({ ...deps, sessions }, { flowId: flow.flowId, code: wrong, password: 'New-Pass-02', confirm: 'New-Pass-02' }, ctx(10 + i))));
    }
    expect(outcomes).toEqual([...Array(RESET.wrongCodesPerPhone - 1).fill('ERR_VALIDATION'), 'ERR_RATE_LIMITED']);
    expect(await code(startPasswordReset(one, '13800000501', ctx(20)))).toBe('ERR_RATE_LIMITED');
    expect(await code(startPasswordReset(two, '13800000501', ctx(21)))).toBe('ERR_RATE_LIMITED');
    // Another number is not locked.
    expect(await code(startPasswordReset(two, '13800000502', ctx(22)))).toBe('ok');
  });

  it('a flow is used once, whichever instance the right code reaches', async () => {
    await createAccount(f.deps, { kind: 'citizen', name: '一次', idNumber: null, phone: '13800000503', password: 'Old-Pass-01', assurance: 'L1' }, system);
    const ctx = { clientIp: '198.51.100.30', requestId: null };
    const { flowId } = await startPasswordReset(one, '13800000503', ctx);
    const right = /(\d{6})/.exec(f.sms.sent.get('13800000503') ?? '')?.[1] as string;
    const input = { flowId, code: right, password: 'New-Pass-02', confirm: 'New-Pass-02' };
    const results = await Promise.all([code(resetPasswordWithCode({ ...one, sessions }, input, ctx)), code(resetPasswordWithCode({ ...two, sessions }, input, ctx))]);
    expect(results.sort()).toEqual(['ERR_UNAUTHENTICATED', 'ok']);
  });
});
