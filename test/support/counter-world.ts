// The counter flow (窗口扫码用证) on top of the licence-use world: a city app that gets the
// person's token with the qr_login scope, and calls as the window system and as the phone.
import type { Container } from '../../src/container.ts';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { apiToken, APP_REDIRECT } from '../http/licence-world.ts';

const system = { id: 'system:test', kind: 'system' as const };

/** Registers a city app (first party, qr_login) and returns a token maker for people signing in to it. */
export async function cityApp(c: Container, base: string): Promise<(login: string) => Promise<string>> {
  const app = await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock }, {
    name: '城市App', kind: 'first_party', public: true, redirectUris: [APP_REDIRECT], postLogoutRedirectUris: [],
    grantTypes: ['authorization_code'], scopes: ['openid', 'qr_login'], fullIdNumber: false,
  }, system);
  return (login) => apiToken(base, app.clientId, login, 'qr_login');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read field by field in the tests
export type Answer = { status: number; body: Record<string, any> };

export async function call(base: string, token: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() as Answer['body'] };
}
