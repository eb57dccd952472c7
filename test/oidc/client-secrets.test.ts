// Client secrets are stored only as digests: the database never holds one in the clear, apps
// still authenticate with them, and after a rotation the old secret is refused.
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isClientSecretHash } from '../../src/domain/client-secret.ts';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { rotateAppSecret } from '../../src/services/apps/rotate-app-secret.ts';
import { setAppStatus } from '../../src/services/apps/set-app-status.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';

const system = { id: 'system:test', kind: 'system' as const };

describe('hashed client secrets', () => {
  let svc: OidcTestService;
  let clientId: string;
  let secret: string;

  beforeAll(async () => {
    svc = await startOidcService();
    const c = svc.container;
    const app = await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock }, {
      name: '登记系统', kind: 'first_party', public: false, redirectUris: [], postLogoutRedirectUris: [],
      grantTypes: ['client_credentials'], scopes: ['licences'], fullIdNumber: false,
    }, system);
    clientId = app.clientId;
    secret = app.clientSecret as string;
  });
  afterAll(async () => svc?.stop());

  const configFor = (s: string, auth: 'basic' | 'post' = 'basic') => oidc.discovery(new URL(svc.issuer), clientId, s,
    auth === 'basic' ? oidc.ClientSecretBasic(s) : oidc.ClientSecretPost(s), { execute: [oidc.allowInsecureRequests] });
  const grant = async (s: string, auth: 'basic' | 'post' = 'basic') => oidc.clientCredentialsGrant(await configFor(s, auth), { scope: 'licences', resource: `${svc.url}/api` });

  /** The OAuth error code of a failed request (openid-client reports basic-auth failures as a challenge). */
  async function oauthError(p: Promise<unknown>): Promise<string | undefined> {
    try {
      await p;
      return undefined;
    } catch (e) {
      const err = e as { error?: string; cause?: { parameters?: { error?: string } }[] };
      return err.error ?? err.cause?.[0]?.parameters?.error;
    }
  }

  /** Every column of every app row, as text. */
  async function storedText(): Promise<string> {
    const rows = await svc.container.knex('apps').select('*');
    return JSON.stringify(rows);
  }

  it('keeps only a digest in the database', async () => {
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const text = await storedText();
    expect(text).not.toContain(secret);
    expect(text).not.toMatch(/client_secret[^_]/);
    const app = await svc.container.apps.find(clientId);
    expect(isClientSecretHash(app?.secretHash)).toBe(true);
  });

  it('authenticates the app with its secret (basic and post) and refuses a wrong one', async () => {
    expect((await grant(secret)).access_token).toBeTruthy();
    expect((await grant(secret, 'post')).access_token).toBeTruthy();
    // One character changed (never to itself).
    expect(await oauthError(grant(`${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`))).toBe('invalid_client');
    // The digest itself is no secret: presenting it fails.
    const app = await svc.container.apps.find(clientId);
    expect(await oauthError(grant(app?.secretHash as string))).toBe('invalid_client');
  });

  it('refuses the old secret after a rotation and accepts the new one', async () => {
    const c = svc.container;
    const rotated = await rotateAppSecret({ apps: c.apps, audit: c.audit, clock: c.clock }, clientId, system);
    expect(rotated.clientSecret).not.toBe(secret);
    expect(await oauthError(grant(secret))).toBe('invalid_client');
    expect((await grant(rotated.clientSecret)).access_token).toBeTruthy();
    expect(await storedText()).not.toContain(rotated.clientSecret);
    const actions = (await c.auditStore.page(0, 1000)).map((r) => r.action);
    expect(actions).toContain('app.secret.rotate');
    secret = rotated.clientSecret;
  });

  it('refuses a disabled app and accepts it again once enabled', async () => {
    const c = svc.container;
    const deps = { apps: c.apps, audit: c.audit, clock: c.clock };
    const token = (await grant(secret)).access_token;
    await setAppStatus(deps, clientId, 'disabled', system);
    expect(await oauthError(grant(secret))).toBe('invalid_client');
    await setAppStatus(deps, clientId, 'active', system);
    expect((await oidc.tokenIntrospection(await configFor(secret), token)).active).toBe(true);
  });

  it('does not offer symmetric algorithms that would key off the stored digest', async () => {
    const meta = await (await fetch(`${svc.issuer}/.well-known/openid-configuration`)).json() as Record<string, string[] | undefined>;
    expect(meta.token_endpoint_auth_methods_supported).not.toContain('client_secret_jwt');
    for (const list of Object.entries(meta).filter(([k]) => k.endsWith('_alg_values_supported')).map(([, v]) => v ?? [])) {
      expect(list.some((a) => /^HS|KW$|^dir$/.test(a))).toBe(false);
    }
  });
});
