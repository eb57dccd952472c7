// A plain clerk (no administrator role) reaches a seal's use end to end: a password sign-in is
// refused with the RFC 9470 challenge → the app asks again with the challenge's acr_values and
// max_age → yinxin asks for the password and then a one-time password (enrolling the
// authenticator the first time) → the new token stamps. A session whose one-time password is
// older than the configured minutes is refused again; a fresh one is not asked twice.
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePdf } from '../pdf/fixtures.ts';
import { UserAgent, csrfOf, formAction } from '../support/browserless.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { totpCode } from '../support/staff-admin.ts';
import { PASSWORD, sealDesk } from './seals-kit.ts';
import type { SealDesk } from './seals-kit.ts';

describe('seal step-up for a plain clerk', () => {
  let svc: OidcTestService;
  let desk: SealDesk;
  let config: oidc.Configuration;
  let sealId: string;
  let pdf: Buffer;
  const ua = new UserAgent();
  let secret = '';

  const api = (path: string, token: string, init: { body?: unknown; pdf?: Uint8Array } = {}) => fetch(`${svc.url}${path}`, {
    method: init.body || init.pdf ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': init.pdf ? 'application/pdf' : 'application/json' },
    body: init.pdf ?? (init.body ? JSON.stringify(init.body) : undefined),
  });
  const stamp = (token: string) => api(`/api/seals/${sealId}/stamp?page=1&x=300&y=300&reason=%E7%94%A8%E7%AB%A0`, token, { pdf });
  const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

  /** Start an authorization request in the clerk's browser; returns where it stopped. */
  const authorize = async (extra: Record<string, string> = {}) => {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: desk.app.redirectUri, scope: 'openid staff seals', resource: `${svc.url}/api`, state,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', ...extra,
    });
    const at = await ua.follow(url.href, desk.app.redirectUri);
    const token = async (cb: string) => (await oidc.authorizationCodeGrant(config, new URL(cb), { pkceCodeVerifier: verifier, expectedState: state }, { resource: `${svc.url}/api` }));
    return { at, token };
  };
  const post = (html: string, part: string, form: Record<string, string>) =>
    ua.follow(new URL(formAction(html, part), svc.url).href, desk.app.redirectUri, { form: { csrf: csrfOf(html), ...form } });

  beforeAll(async () => {
    svc = await startOidcService();
    desk = await sealDesk(svc);
    pdf = await makePdf(1);
    config = await oidc.discovery(new URL(svc.issuer), desk.app.clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    const keeper = await desk.signIn('K001');
    const applied = await api('/api/seals', keeper, { body: { kind: 'contract', owner: { kind: 'department', id: 'amr' } } });
    sealId = ((await applied.json()) as { seal: { id: string } }).seal.id;
    expect((await api(`/api/seals/${sealId}/approve`, await desk.signIn('P001'), { body: { reason: '材料齐全' } })).status).toBe(200);
    expect((await api(`/api/seals/${sealId}/grants`, keeper, { body: { accountId: desk.ids.C002 } })).status).toBe(201);
  }, 60_000);
  afterAll(async () => svc?.stop());

  it('signs in with a password, is challenged, steps up with an enrolled one-time password and stamps', async () => {
    const first = await authorize();
    const loginHtml = await first.at.res.text();
    const done = await post(loginHtml, '/login', { login: 'C002', password: PASSWORD });
    expect(done.url.startsWith(desk.app.redirectUri)).toBe(true);
    const weak = (await first.token(done.url)).access_token;

    const refused = await stamp(weak);
    expect([refused.status, await codeOf(refused)]).toEqual([401, 'ERR_STEP_UP_REQUIRED']);
    const header = refused.headers.get('www-authenticate') ?? '';
    const acrValues = /acr_values="([^"]+)"/.exec(header)?.[1] as string;
    const maxAge = /max_age=(\d+)/.exec(header)?.[1] as string;
    expect([acrValues, maxAge]).toEqual(['L1-mfa', '600']);

    const again = await authorize({ acr_values: acrValues, max_age: maxAge });
    const stepUpHtml = await again.at.res.text();
    expect(stepUpHtml).toContain('/login');
    // The page names what is asked in words, not by its acr value.
    expect(stepUpHtml).toContain('需要一次性密码（动态口令）验证');
    expect(stepUpHtml).not.toContain('L1-mfa');
    const totp = await post(stepUpHtml, '/login', { login: 'C002', password: PASSWORD });
    const totpHtml = await totp.res.text();
    secret = (/id="totp-secret">([^<]+)</.exec(totpHtml)?.[1] ?? '').replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    const wrong = await post(totpHtml, '/totp', { otp: totpCode(secret, 5) });
    expect(wrong.res.status).toBe(401);
    const stepped = await post(await wrong.res.text(), '/totp', { otp: totpCode(secret) });
    expect(stepped.url.startsWith(desk.app.redirectUri)).toBe(true);
    const tokens = await again.token(stepped.url);
    expect(tokens.claims()?.amr).toEqual(['pwd', 'otp']);
    // The account's level (these staff accounts are L1) with the second factor: what the challenge asked for.
    expect(tokens.claims()?.acr).toBe('L1-mfa');

    const ok = await stamp(tokens.access_token);
    expect(ok.status).toBe(200);
    expect(Buffer.from(await ok.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const stored = await svc.container.identity.accounts.findById(desk.ids.C002);
    expect(stored?.totpSealed).toBeTruthy();

    // The same request again while the step is fresh: no prompt, straight back to the app.
    const quiet = await authorize({ acr_values: acrValues, max_age: maxAge });
    expect(quiet.at.url.startsWith(desk.app.redirectUri)).toBe(true);
    expect((await stamp((await quiet.token(quiet.at.url)).access_token)).status).toBe(200);
  }, 60_000);

  it('refuses a session whose one-time password is older than the configured minutes, and asks again', async () => {
    const provider = await svc.container.oidcProvider();
    const quiet = await authorize();
    expect(quiet.at.url.startsWith(desk.app.redirectUri)).toBe(true);
    const token = (await quiet.token(quiet.at.url)).access_token;
    expect((await stamp(token)).status).toBe(200);
    // Age the sign-in behind the token by eleven minutes (the limit is ten).
    const at = await provider.AccessToken.find(token);
    const session = await provider.Session.findByUid(at!.sessionUid as string);
    session!.loginTs = (session!.loginTs as number) - 11 * 60;
    await session!.save(3600);
    const stale = await stamp(token);
    expect([stale.status, await codeOf(stale)]).toEqual([401, 'ERR_STEP_UP_REQUIRED']);
    // The app's retry with max_age=600 makes yinxin ask for both factors again.
    const retry = await authorize({ acr_values: 'L1-mfa', max_age: '600' });
    expect(retry.at.url.startsWith(desk.app.redirectUri)).toBe(false);
    const html = await retry.at.res.text();
    const totp = await post(html, '/login', { login: 'C002', password: PASSWORD });
    const totpHtml = await totp.res.text();
    expect(totpHtml).not.toContain('id="totp-secret"');
    const back = await post(totpHtml, '/totp', { otp: totpCode(secret, 1) });
    expect(back.url.startsWith(desk.app.redirectUri)).toBe(true);
    expect((await stamp((await retry.token(back.url)).access_token)).status).toBe(200);
  }, 60_000);
});
