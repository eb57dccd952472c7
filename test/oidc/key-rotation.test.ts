// Token-signing key rotation through the JWKS endpoint: a new key is published before it signs,
// then signs, and the replaced key stays published until its tokens have expired.
import { createHash, randomBytes } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planSigningKeys } from '../../src/oidc/signing-keys.ts';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { UserAgent, csrfOf, formAction } from '../support/browserless.ts';
import { residentId } from '../support/identity.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';

const system = { id: 'system:test', kind: 'system' as const };
const REDIRECT = 'https://app.example.gov.cn/cb';
const PASSWORD = 'rotation passphrase 1';

describe('signing key plan', () => {
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  const at = (s: number) => new Date(t0 + s * 1000).toISOString();
  const schedule = { activationDelayS: 100, retainS: 50 };
  const versions = [{ version: 1, createdAt: at(0) }, { version: 2, createdAt: at(1000) }];
  const plan = (s: number) => planSigningKeys(versions, t0 + s * 1000, schedule);

  it('publishes a new version before it signs and keeps the old one while its tokens live', () => {
    expect(plan(1000)).toEqual([{ version: 2, state: 'next' }, { version: 1, state: 'signing' }]);
    expect(plan(1099)).toEqual([{ version: 2, state: 'next' }, { version: 1, state: 'signing' }]);
    expect(plan(1100)).toEqual([{ version: 2, state: 'signing' }, { version: 1, state: 'retiring' }]);
    expect(plan(1149)).toEqual([{ version: 2, state: 'signing' }, { version: 1, state: 'retiring' }]);
    expect(plan(1150)).toEqual([{ version: 2, state: 'signing' }]);
  });

  it('signs with the first version from its creation', () => {
    expect(planSigningKeys([{ version: 1, createdAt: at(0) }], t0, schedule)).toEqual([{ version: 1, state: 'signing' }]);
  });
});

describe('signing key rotation through the JWKS endpoint', () => {
  let svc: OidcTestService;
  let clientId: string;
  const idNumber = residentId(71);

  beforeAll(async () => {
    svc = await startOidcService({ OIDC_KEY_ACTIVATION_DELAY_S: '2', OIDC_KEY_RETAIN_S: '2' });
    const c = svc.container;
    await createAccount(c.identity, { kind: 'citizen', name: '轮换', idNumber, phone: null, assurance: 'L2', password: PASSWORD }, system);
    clientId = (await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock }, {
      name: '轮换测试', kind: 'first_party', public: true, redirectUris: [REDIRECT], postLogoutRedirectUris: [],
      grantTypes: ['authorization_code'], scopes: ['openid'], fullIdNumber: false,
    }, system)).clientId;
  });
  afterAll(async () => svc?.stop());

  async function published(): Promise<{ kid: string; key_ops?: string[] }[]> {
    const res = await fetch(`${svc.issuer}/jwks`);
    // The ES256 keys; the RS256 key follows the same plan (rs256-pairwise.test.ts).
    return ((await res.json()) as { keys: { kid: string; alg: string; key_ops?: string[]; d?: string }[] }).keys.filter((k) => k.alg === 'ES256');
  }

  /** The kid of a fresh ID token. */
  async function signingKid(): Promise<string> {
    const ua = new UserAgent();
    const verifier = randomBytes(32).toString('base64url');
    const auth = new URL(`${svc.issuer}/auth`);
    auth.search = new URLSearchParams({
      client_id: clientId, response_type: 'code', scope: 'openid', redirect_uri: REDIRECT, state: 's',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
    }).toString();
    const page = await ua.follow(auth.href, REDIRECT);
    const html = await page.res.text();
    const done = await ua.follow(new URL(formAction(html, '/login'), svc.url).href, REDIRECT, { form: { csrf: csrfOf(html), login: idNumber, password: PASSWORD } });
    const code = new URL(done.url).searchParams.get('code') as string;
    const res = await fetch(`${svc.issuer}/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: clientId, code_verifier: verifier }).toString(),
    });
    const { id_token: idToken } = await res.json() as { id_token: string };
    return decodeProtectedHeader(idToken).kid as string;
  }

  it('publishes, then signs with, then retires', async () => {
    const before = await published();
    expect(before.map((k) => k.kid)).toEqual(['oidc-signing-1']);
    expect(before[0]).not.toHaveProperty('d');
    expect(await signingKid()).toBe('oidc-signing-1');

    const { version } = await svc.container.rotateSigningKey(system);
    expect(version).toBe(2);
    // Published at once, but not yet signing.
    const announced = await published();
    expect(announced.map((k) => k.kid)).toEqual(['oidc-signing-2', 'oidc-signing-1']);
    expect(announced[0]?.key_ops).toEqual(['verify']);
    expect(await signingKid()).toBe('oidc-signing-1');

    // After the delay the new key signs; the old one is still published.
    await expect.poll(signingKid, { timeout: 6000, interval: 250 }).toBe('oidc-signing-2');
    const switched = await published();
    expect(switched.map((k) => k.kid)).toContain('oidc-signing-1');
    expect(switched.find((k) => k.kid === 'oidc-signing-1')?.key_ops).toEqual(['verify']);

    // After the retention the old key leaves the set.
    await expect.poll(async () => (await published()).map((k) => k.kid), { timeout: 6000, interval: 250 }).toEqual(['oidc-signing-2']);
    const audited = (await svc.container.auditStore.page(0, 1000)).filter((r) => r.action === 'admin.keys.rotate');
    expect(audited).toHaveLength(1);
  }, 20_000);
});
