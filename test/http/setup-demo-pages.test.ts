// `setup --demo` on an empty development database, then every public page answers: the home page
// (in both languages, without inline script or style), the verification page and a demo licence's
// verdict (valid: the licence seal was approved), the holder portal, the sign-in page an app's
// authorization request leads to, and the root's discovery address leading to the issuer's. A
// second run creates nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpDemoData } from '../../src/cli/setup.ts';
import type { DemoOutcome } from '../../src/services/demo/set-up-demo.ts';
import { DEMO_APP_ID, DEMO_PASSWORD } from '../../src/services/demo/set-up-demo.ts';
import { STAFF_ROLES } from '../../src/domain/account.ts';
import { UserAgent } from '../support/browserless.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';

const actor = { id: 'os:operator', kind: 'system' as const };

describe('setup --demo and the public pages', () => {
  let svc: OidcTestService;
  let demo: DemoOutcome;

  beforeAll(async () => {
    svc = await startOidcService();
    expect(await svc.container.identity.accounts.departments()).toEqual([]);
    demo = await setUpDemoData(svc.container, actor);
  }, 120_000);
  afterAll(async () => svc?.stop());

  it('creates staff in every role, approved licence seals, an app and licences; a second run creates nothing', async () => {
    const roles = new Set(demo.accounts.flatMap((a) => a.roles));
    for (const role of STAFF_ROLES) expect(roles).toContain(role);
    const keeper = await svc.container.identity.accounts.findByLogin('staff:DEMO-KEEPER');
    const seals = await svc.container.seals.list({ accountId: keeper?.id as string });
    expect(seals.map((s) => `${s.seal.kind}:${s.seal.status}`).sort()).toEqual(['licence:active', 'official:active']);
    expect(await svc.container.apps.find(DEMO_APP_ID)).toMatchObject({ status: 'active' });
    expect(demo.licences).toHaveLength(2);
    const login = await svc.container.identity.accounts.findByLogin('staff:DEMO-CLERK');
    expect(await svc.container.identity.hasher.verify(login?.passwordHash as string, DEMO_PASSWORD)).toBe(true);
    // Each thing made is in the audit log, and the run itself.
    const actions = (await svc.container.knex('audit_log').select('action')).map((r: { action: string }) => r.action);
    for (const a of ['department.add', 'account.create', 'seal.apply', 'seal.approve', 'licence.issue', 'admin.setup.demo']) expect(actions, a).toContain(a);
    const again = await setUpDemoData(svc.container, actor);
    expect(again.created).toEqual([]);
    expect(again.licences).toEqual(demo.licences);
  }, 120_000);

  it('answers 200 on every public page', async () => {
    const home = await fetch(`${svc.url}/`);
    const html = await home.text();
    expect(home.status).toBe(200);
    expect(html).toContain('<h1>演示市</h1>');
    expect(html).toContain(`<code id="issuer">${svc.url}/oidc</code>`);
    for (const href of ['/holder', '/verify', '/desk/seals', '/admin']) expect(html).toContain(`href="${href}"`);
    expect(html).not.toMatch(/<script|style=|<style/);
    expect(home.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await (await fetch(`${svc.url}/?lang=en`)).text()).toContain('Verify a licence');
    expect((await fetch(`${svc.url}/static/home.css`)).headers.get('content-type')).toMatch(/css/);

    for (const path of ['/verify', '/holder', '/desk/seals']) expect((await fetch(`${svc.url}${path}`)).status, path).toBe(200);
    // The administration console's pages send a browser without its page session to sign in.
    for (const path of ['/admin', '/admin/apps']) {
      const res = await fetch(`${svc.url}${path}`, { redirect: 'manual' });
      expect(res.status, path).toBe(303);
      expect(new URL(res.headers.get('location') as string).pathname, path).toBe('/oidc/auth');
    }
    for (const url of demo.licences) {
      const verdict = await fetch(url);
      expect(verdict.status).toBe(200);
      expect(await verdict.text()).toContain('verdict-green');
    }

    // The sign-in page, as an app's authorization request reaches it.
    const auth = new URL(`${svc.url}/oidc/auth`);
    for (const [k, v] of Object.entries({ client_id: DEMO_APP_ID, response_type: 'code', redirect_uri: `${svc.url}/holder`, scope: 'openid', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256', state: 'demo-state' })) auth.searchParams.set(k, v);
    const signIn = await new UserAgent().follow(auth.href, `${svc.url}/holder`);
    expect(signIn.url).toMatch(/\/interaction\/[^/]+$/);
    expect(signIn.res.status).toBe(200);
    expect(await signIn.res.text()).toContain('id="password"');

    const root = await fetch(`${svc.url}/.well-known/openid-configuration`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe(`${svc.url}/oidc/.well-known/openid-configuration`);
    const discovery = await (await fetch(`${svc.url}/.well-known/openid-configuration`)).json() as { issuer: string };
    expect(discovery.issuer).toBe(`${svc.url}/oidc`);
  }, 60_000);
});
