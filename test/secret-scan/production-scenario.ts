// A child process for secret-scan.test.ts: starts the service in production mode (its environment
// comes from the test) with its logger on this process's stdout, as `yinxin start` has it, then
// signs people in by every method and registers an app over HTTP. Every secret value it uses is
// sent to the test over the IPC channel, never printed: the test searches this process's whole
// output for them.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { loadConfig } from '../../src/config/load.ts';
import { startService } from '../../src/main.ts';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { issueStaffCertificate } from '../../src/services/identity/issue-staff-certificate.ts';
import { DESKTOP_REDIRECT, PASSWORD as QR_PASSWORD, PEOPLE, phoneToken, qrLoginWorld } from '../http/qr-login-world.ts';
import { UserAgent, csrfOf, formAction } from '../support/browserless.ts';
import { signChallenge, softwareKey } from '../support/cert-login.ts';
import { residentId } from '../support/identity.ts';
import { adminFixture, signInToConsole, totpCode } from '../support/staff-admin.ts';

export interface ScenarioReport {
  /** Secret values by kind, each used in the scenario. */
  secrets: Record<string, string[]>;
  /** What the scenario saw, for the test to check that each step really ran. */
  outcomes: Record<string, unknown>;
}

const system = { id: 'system:test', kind: 'system' as const };
const APP_REDIRECT = 'https://gov-portal.example.gov.cn/cb';
const OFFICE_REDIRECT = 'https://office.example.gov.cn/cb';
const secrets: Record<string, string[]> = {};
const outcomes: Record<string, unknown> = {};
const keep = <T extends string>(kind: string, value: T): T => {
  (secrets[kind] ??= []).push(value);
  return value;
};

// The SMS gateway: keeps the last text per phone, as a phone would.
const texts = new Map<string, string>();
const gateway = createServer((req, res) => {
  let body = '';
  req.on('data', (d: Buffer) => { body += d.toString(); });
  req.on('end', () => {
    const { phone, text } = JSON.parse(body) as { phone: string; text: string };
    texts.set(phone, text);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
});
await new Promise<void>((r) => gateway.listen(Number(new URL(process.env.SMS_GATEWAY_URL as string).port), '127.0.0.1', r));
outcomes.gatewayPort = (gateway.address() as AddressInfo).port;

const config = loadConfig(process.env);
const service = await startService(config);
const c = service.container;
// On MariaDB the platform keys are an operator's step (`yinxin keys init`).
if (!config.embedded) await c.initKeys({ id: 'system:test', kind: 'system' });
const base = config.publicUrl;
const issuer = `${base}/oidc`;
const discover = (clientId: string, secret?: string) => oidc.discovery(new URL(issuer), clientId, secret, secret ? oidc.ClientSecretBasic(secret) : oidc.None(), { execute: [oidc.allowInsecureRequests] });

async function signInPage(ua: UserAgent, config: oidc.Configuration, redirect: string, scope: string, extra: Record<string, string> = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirect, scope, state, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', ...extra,
  });
  const page = await ua.follow(url.href, redirect);
  return { verifier, state, url: page.url, html: await page.res.text() };
}

async function exchange(config: oidc.Configuration, callback: string, verifier: string, state: string) {
  if (!new URL(callback).searchParams.get('code')) throw new Error(`no code: the sign-in ended at ${callback.replace(/\?.*/, '')}`);
  const tokens = await oidc.authorizationCodeGrant(config, new URL(callback), { pkceCodeVerifier: verifier, expectedState: state });
  keep('authorization code', new URL(callback).searchParams.get('code') as string);
  keep('token', tokens.access_token);
  if (tokens.id_token) keep('token', tokens.id_token);
  return tokens;
}

try {
  // A citizen, and an app that may see full ID numbers.
  const idNumber = keep('ID number', residentId(41));
  const password = keep('password', 'citizen passphrase 41!');
  const phone = '13800000041';
  await createAccount(c.identity, { kind: 'citizen', name: '李四', idNumber, phone, assurance: 'L2', password }, system);
  const portal = await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock }, {
    name: '政务服务网', kind: 'first_party', public: true, redirectUris: [APP_REDIRECT], postLogoutRedirectUris: [],
    grantTypes: ['authorization_code'], scopes: ['openid', 'profile', 'phone', 'id_card'], fullIdNumber: true,
  }, system);
  const portalConfig = await discover(portal.clientId);

  // Password, by ID number; a wrong password first.
  {
    const ua = new UserAgent();
    const page = await signInPage(ua, portalConfig, APP_REDIRECT, 'openid profile id_card');
    const wrong = await ua.request(new URL(formAction(page.html, '/login'), base).href, { form: { csrf: csrfOf(page.html), login: phone, password: keep('password', 'wrong passphrase 41?') } });
    outcomes.wrongPassword = wrong.status;
    const done = await ua.follow(new URL(formAction(page.html, '/login'), base).href, APP_REDIRECT, { form: { csrf: csrfOf(page.html), login: idNumber, password } });
    const tokens = await exchange(portalConfig, done.url, page.verifier, page.state);
    const info = await oidc.fetchUserInfo(portalConfig, tokens.access_token, tokens.claims()!.sub);
    outcomes.passwordIdCard = info.id_card === idNumber;
  }

  // SMS code through the gateway; a wrong code first (it spends the code sent), then a new one.
  {
    const ua = new UserAgent();
    const page = await signInPage(ua, portalConfig, APP_REDIRECT, 'openid profile');
    const smsPage = await (await ua.request(`${page.url}?tab=sms`)).text();
    const send = async () => {
      const codePage = await (await ua.request(new URL(formAction(smsPage, '/sms/send'), base).href, { form: { csrf: csrfOf(smsPage), phone } })).text();
      return { csrf: csrfOf(codePage), code: keep('SMS code', /(\d{6})/.exec(texts.get(phone) ?? '')?.[1] as string) };
    };
    const first = await send();
    const wrongCode = keep('SMS code', String((Number(first.code) + 1) % 1_000_000).padStart(6, '0'));
    outcomes.wrongSmsCode = (await ua.request(`${page.url}/sms`, { form: { csrf: first.csrf, phone, code: wrongCode } })).status;
    const { csrf, code } = await send();
    const done = await ua.follow(`${page.url}/sms`, APP_REDIRECT, { form: { csrf, phone, code } });
    await exchange(portalConfig, done.url, page.verifier, page.state);
    outcomes.sms = true;
  }

  // TOTP: an app administrator enrols an authenticator at the first sign-in.
  const adminPassword = keep('password', 'admin passphrase 77!');
  const admin = await adminFixture(c, adminPassword);
  const signIn = await signInToConsole(base, admin.consoleId, 'A001', adminPassword, (secret) => keep('TOTP code', totpCode(secret as string)));
  keep('TOTP secret', signIn.enrolledSecret as string);
  const adminToken = keep('token', signIn.tokens.access_token);
  outcomes.totp = signIn.tokens.claims()?.amr;

  // App registration over the admin API: a client secret, rotated, each used at the token endpoint.
  {
    const api = (path: string, body?: unknown) => fetch(`${base}/api/admin/apps${path}`, {
      method: 'POST', headers: { authorization: `Bearer ${adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined,
    });
    const app = { name: '不动产登记', kind: 'third_party', public: false, grantTypes: ['authorization_code', 'client_credentials'], scopes: ['openid', 'licences'] };
    const http = await api('', { ...app, redirectUris: ['http://bdc.example.gov.cn/cb'] });
    outcomes.httpRedirect = { status: http.status, body: await http.json() };
    const created = await api('', { ...app, redirectUris: ['https://bdc.example.gov.cn/cb'] });
    const { clientId, clientSecret } = await created.json() as { clientId: string; clientSecret: string };
    keep('client secret', clientSecret);
    const rotated = keep('client secret', (await (await api(`/${clientId}/secret`)).json() as { clientSecret: string }).clientSecret);
    const grant = async (secret: string) => oidc.clientCredentialsGrant(await discover(clientId, secret), { scope: 'licences', resource: `${base}/api` });
    outcomes.oldSecret = await grant(clientSecret).then(() => 'accepted', () => 'refused');
    keep('token', (await grant(rotated)).access_token);
    // A secret in a query string and a body that fail: neither may be logged.
    outcomes.badBody = (await fetch(`${base}/api/admin/apps?client_secret=${encodeURIComponent(rotated)}&password=${encodeURIComponent(adminPassword)}`, {
      method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: rotated, clientSecret: rotated, password: adminPassword }),
    })).status;
  }

  // QR scan: the city app confirms, the desktop signs in.
  {
    keep('password', QR_PASSWORD);
    for (const id of Object.values(PEOPLE)) keep('ID number', id);
    const world = await qrLoginWorld(c);
    const phoneSession = keep('token', await phoneToken(base, world.cityAppId, PEOPLE.l2));
    const ua = new UserAgent();
    const desktop = await discover(world.desktopId);
    const page = await signInPage(ua, desktop, DESKTOP_REDIRECT, 'openid profile');
    const csrf = csrfOf(page.html);
    const post = async (path: string, body: unknown) => (await ua.request(`${page.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<Record<string, string>>;
    const code = keep('QR code', (await post('/qr', { csrf })).code as string);
    const app = (path: string) => fetch(`${base}/api/qr-login/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${phoneSession}` }, body: JSON.stringify({ code }) });
    outcomes.qrScan = (await app('scan')).status;
    outcomes.qrConfirm = (await app('confirm')).status;
    const done = await post('/qr/complete', { csrf, code });
    const consent = await ua.follow(new URL(done.redirect as string, base).href, DESKTOP_REDIRECT);
    const consentHtml = await consent.res.text();
    const action = /action="([^"]*\/confirm)"/.exec(consentHtml)?.[1] as string;
    const cb = await ua.follow(new URL(action, base).href, DESKTOP_REDIRECT, { form: { csrf: csrfOf(consentHtml) } });
    outcomes.qr = (await exchange(desktop, cb.url, page.verifier, page.state)).claims()?.amr;
  }

  // SM2 certificate: a staff member's USB key signs the challenge.
  {
    const key = softwareKey();
    await createAccount(c.identity, { kind: 'staff', name: '周办事', staffNumber: 'S200', departmentId: 'dsj', roles: ['clerk'] }, system);
    const cert = (await issueStaffCertificate(c.certLogin, { staffNumber: 'S200', publicKey: key.publicKey }, system)).certificate.der;
    const office = await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock }, {
      name: '协同办公', kind: 'first_party', public: true, redirectUris: [OFFICE_REDIRECT], postLogoutRedirectUris: [],
      grantTypes: ['authorization_code'], scopes: ['openid', 'profile', 'staff'], fullIdNumber: false,
    }, system);
    const officeConfig = await discover(office.clientId);
    const ua = new UserAgent();
    const page = await signInPage(ua, officeConfig, OFFICE_REDIRECT, 'openid profile staff', { acr_values: 'L4' });
    const csrf = csrfOf(page.html);
    const json = async (path: string, body: unknown) => (await ua.request(`${page.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<Record<string, string>>;
    const { challenge } = await json('/cert/challenge', { csrf });
    const signed = signChallenge(challenge as string, key, cert);
    const done = await json('/cert', { csrf, ...signed });
    const cb = await ua.follow(new URL(done.redirect as string, base).href, OFFICE_REDIRECT);
    outcomes.cert = (await exchange(officeConfig, cb.url, page.verifier, page.state)).claims()?.amr;
  }
} catch (e) {
  outcomes.error = e instanceof Error ? `${e.message}\n${e.stack}` : String(e);
} finally {
  await service.stop();
  await new Promise((r) => gateway.close(r));
}
process.send?.({ secrets, outcomes } satisfies ScenarioReport, () => process.exit(0));
