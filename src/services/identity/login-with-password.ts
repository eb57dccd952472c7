// Sign in with a login name (phone, ID number, credit code or staff number) and a password.
// Steps: refuse when the login name or the address is locked out → find the account → verify the
// password (against a dummy hash when there is no account, so both cases take the same time) →
// on failure count it for the login name and the address, audit, and give one answer for every
// cause → on success rehash if the parameters changed, audit, and return who signed in.
import { AppError } from '../../domain/errors.ts';
import type { Account } from '../../domain/account.ts';
import { THROTTLE, accountThrottleKey, ipThrottleKey, loginNameFor } from './identity-deps.ts';
import type { IdentityDeps, RequestContext } from './identity-deps.ts';

export interface LoginResult {
  account: Account;
  amr: string[];
}

const dummyHashes = new WeakMap<object, Promise<string>>();

/** A hash of a random password with the current parameters, made once per hasher. */
function dummyHash(hasher: IdentityDeps['hasher']): Promise<string> {
  let h = dummyHashes.get(hasher);
  if (!h) {
    h = hasher.hash(`no-account-${Math.random()}`);
    dummyHashes.set(hasher, h);
  }
  return h;
}

async function lockedOut(kv: IdentityDeps['kv'], login: string, ip: string | null): Promise<boolean> {
  const [perLogin, perIp] = await Promise.all([kv.get(accountThrottleKey(login)), kv.get(ipThrottleKey(ip))]);
  return Number(perLogin ?? 0) >= THROTTLE.perLogin || Number(perIp ?? 0) >= THROTTLE.perIp;
}

export async function loginWithPassword(deps: IdentityDeps, input: { login: string; password: string }, ctx: RequestContext): Promise<LoginResult> {
  const login = await loginNameFor(deps.dataKeys, input.login);
  const audit = (outcome: 'success' | 'failure' | 'denied', account: Account | null, reason?: string) => deps.audit.append({
    actor: account ? { id: account.id, kind: account.kind } : { id: null, kind: 'anonymous' },
    action: 'login.password', object: account?.id ?? null, outcome, clientIp: ctx.clientIp, requestId: ctx.requestId,
    details: reason ? { reason } : {},
  });
  if (await lockedOut(deps.kv, login, ctx.clientIp)) {
    await audit('denied', null, 'locked_out');
    throw new AppError('ERR_RATE_LIMITED', 'too many failed logins');
  }
  const account = await deps.accounts.findByLogin(login);
  const stored = account?.passwordHash ?? (await dummyHash(deps.hasher));
  const matches = await deps.hasher.verify(stored, input.password);
  if (!account || !account.passwordHash || !matches || account.status !== 'active') {
    await Promise.all([
      deps.kv.increment(accountThrottleKey(login), THROTTLE.windowSeconds),
      deps.kv.increment(ipThrottleKey(ctx.clientIp), THROTTLE.windowSeconds),
    ]);
    await audit('failure', account, !account ? 'unknown_account' : account.status !== 'active' ? 'disabled' : 'wrong_password');
    throw new AppError('ERR_UNAUTHENTICATED', 'wrong login name or password');
  }
  if (deps.hasher.needsRehash(account.passwordHash)) {
    await deps.accounts.setPasswordHash(account.id, await deps.hasher.hash(input.password), account.passwordInitial === true);
  }
  await audit('success', account);
  return { account, amr: ['pwd'] };
}
