// Which redirect, logout and back-channel URIs an app may register: https for web apps in
// production (the service's own origin excepted), loopback http, claimed https and reverse-domain
// private-use schemes for native apps, never script or data schemes or fragments anywhere.
import { describe, expect, it } from 'vitest';
import { holderPortalApp } from '../../../src/http/routes/holder-portal.ts';
import type { AppStore, RegisteredApp } from '../../../src/ports/app-store.ts';
import { AuditLog } from '../../../src/services/audit/audit-log.ts';
import type { AppDeps, AppRegistration, UriRules } from '../../../src/services/apps/app-registration.ts';
import { ensureBuiltinApp } from '../../../src/services/apps/ensure-builtin-app.ts';
import { registerApp } from '../../../src/services/apps/register-app.ts';
import { updateApp } from '../../../src/services/apps/update-app.ts';
import { systemClock } from '../../../src/ports/clock.ts';
import { MemoryAuditStore } from '../../support/memory-audit-store.ts';

const PRODUCTION: UriRules = { production: true, ownOrigin: 'http://id.internal:8080' };
const DEVELOPMENT: UriRules = { production: false, ownOrigin: 'http://localhost:8080' };
const system = { id: 'system:test', kind: 'system' as const };

function deps(uriRules?: UriRules): AppDeps & { rows: Map<string, RegisteredApp> } {
  const rows = new Map<string, RegisteredApp>();
  const apps: AppStore = {
    save: async (app) => { rows.set(app.clientId, structuredClone(app)); },
    find: async (id) => structuredClone(rows.get(id) ?? null),
    list: async () => [...rows.values()],
    remove: async (id) => rows.delete(id),
  };
  return { rows, apps, audit: new AuditLog(new MemoryAuditStore(), systemClock), clock: systemClock, ...(uriRules ? { uriRules } : {}) };
}

const app = (over: Partial<AppRegistration>): AppRegistration => ({
  name: '公积金查询', kind: 'third_party', public: true, redirectUris: ['https://gjj.example.gov.cn/cb'], postLogoutRedirectUris: [],
  grantTypes: ['authorization_code'], scopes: ['openid'], fullIdNumber: false, ...over,
});

/** The error a registration gets, as `{code, path, message}`, or 'ok'. */
async function outcome(d: AppDeps, reg: AppRegistration) {
  try {
    await registerApp(d, reg, system);
    return 'ok';
  } catch (e) {
    const err = e as { code: string; details?: { issues?: { path: unknown[]; message: string }[] } };
    return { code: err.code, path: err.details?.issues?.[0]?.path, message: err.details?.issues?.[0]?.message };
  }
}

const NEVER = ['javascript:alert(document.cookie)', 'JavaScript://example.gov.cn/%0aalert(1)', 'data:text/html,<script>alert(1)</script>',
  'file:///etc/passwd', 'vbscript:msgbox(1)', 'blob:https://a.example/x', 'about:blank'];

describe('redirect URI rules', () => {
  it('in production: web apps https only, naming the field and index', async () => {
    const d = deps(PRODUCTION);
    expect(await outcome(d, app({}))).toBe('ok');
    expect(await outcome(d, app({ redirectUris: ['https://gjj.example.gov.cn/cb', 'http://gjj.example.gov.cn/cb'] })))
      .toEqual({ code: 'ERR_VALIDATION', path: ['redirectUris', 1], message: 'must use https' });
    expect(await outcome(d, app({ redirectUris: ['http://127.0.0.1:9000/cb'] }))).toMatchObject({ path: ['redirectUris', 0], message: 'must use https' });
    expect(await outcome(d, app({ postLogoutRedirectUris: ['http://gjj.example.gov.cn/bye'] }))).toMatchObject({ path: ['postLogoutRedirectUris', 0] });
    expect(await outcome(d, app({ public: false, backchannelLogoutUri: 'http://gjj.example.gov.cn/bc' }))).toMatchObject({ path: ['backchannelLogoutUri'], message: 'must use https' });
    expect(await outcome(d, app({ public: false, backchannelLogoutUri: 'https://gjj.example.gov.cn/bc' }))).toBe('ok');
    expect(await outcome(d, app({ redirectUris: ['cn.gov.gjj.app:/cb'] }))).toMatchObject({ path: ['redirectUris', 0], message: expect.stringMatching(/native apps/) });
    // The service's own pages, on its own origin, whatever its scheme.
    expect(await outcome(d, app({ redirectUris: ['http://id.internal:8080/holder'] }))).toBe('ok');
    expect(await ensureBuiltinApp(d, holderPortalApp('http://id.internal:8080'))).toBe('registered');
    await expect(ensureBuiltinApp(deps(PRODUCTION), holderPortalApp('http://elsewhere.internal:8080'))).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
  });

  it('native apps: loopback IPs over http at any port, claimed https, reverse-domain private schemes', async () => {
    for (const rules of [PRODUCTION, DEVELOPMENT]) {
      const d = deps(rules);
      const native = (uri: string) => outcome(d, app({ applicationType: 'native', redirectUris: [uri] }));
      expect(await native('http://127.0.0.1/cb')).toBe('ok');
      expect(await native('http://127.0.0.1:51004/cb')).toBe('ok');
      expect(await native('http://[::1]:8400/cb')).toBe('ok');
      expect(await native('https://gjj.example.gov.cn/app-cb')).toBe('ok');
      expect(await native('cn.gov.gjj.app:/oauth2redirect')).toBe('ok');
      expect(await native('http://localhost:8400/cb')).toMatchObject({ code: 'ERR_VALIDATION', message: expect.stringMatching(/not localhost/) });
      expect(await native('http://gjj.example.gov.cn/cb')).toMatchObject({ message: expect.stringMatching(/loopback/) });
      expect(await native('https://127.0.0.1/cb')).toMatchObject({ message: expect.stringMatching(/loopback/) });
      expect(await native('myapp:/cb')).toMatchObject({ message: expect.stringMatching(/reversed domain/) });
    }
    const d = deps(PRODUCTION);
    const { clientId } = await registerApp(d, app({ applicationType: 'native', redirectUris: ['cn.gov.gjj.app:/cb'] }), system);
    expect(d.rows.get(clientId)?.metadata).toMatchObject({ application_type: 'native', redirect_uris: ['cn.gov.gjj.app:/cb'], sector_identifier_uri: 'https://app.gjj.gov.cn/' });
  });

  it('outside production: http to any host for web apps; dangerous schemes, fragments and credentials never', async () => {
    const dev = deps(DEVELOPMENT);
    expect(await outcome(dev, app({ redirectUris: ['http://rp.test:3000/cb'], postLogoutRedirectUris: ['http://rp.test:3000/bye'] }))).toBe('ok');
    expect(await outcome(dev, app({ public: false, backchannelLogoutUri: 'http://rp.test:3000/bc' }))).toBe('ok');
    for (const d of [dev, deps(PRODUCTION), deps()]) {
      for (const type of ['web', 'native'] as const) {
        for (const uri of NEVER) {
          expect(await outcome(d, app({ applicationType: type, redirectUris: [uri] })), uri).toMatchObject({ code: 'ERR_VALIDATION', path: ['redirectUris', 0] });
          expect(await outcome(d, app({ applicationType: type, postLogoutRedirectUris: [uri] })), uri).toMatchObject({ code: 'ERR_VALIDATION', path: ['postLogoutRedirectUris', 0] });
        }
      }
      expect(await outcome(d, app({ public: false, backchannelLogoutUri: 'javascript:alert(1)' }))).toMatchObject({ path: ['backchannelLogoutUri'] });
      expect(await outcome(d, app({ redirectUris: ['https://gjj.example.gov.cn/cb#x'] }))).toMatchObject({ message: 'no fragment allowed' });
      expect(await outcome(d, app({ redirectUris: ['https://gjj.example.gov.cn/cb#'] }))).toMatchObject({ message: 'no fragment allowed' });
      expect(await outcome(d, app({ redirectUris: ['https://user:pw@gjj.example.gov.cn/cb'] }))).toMatchObject({ path: ['redirectUris', 0] });
      expect(await outcome(d, app({ redirectUris: ['/relative/cb'] }))).toMatchObject({ message: 'not an absolute URL' });
    }
    expect(dev.rows.size).toBe(2);
  });

  it('applies without rules given as in production, and to updates', async () => {
    const d = deps();
    expect(await outcome(d, app({ redirectUris: ['http://gjj.example.gov.cn/cb'] }))).toMatchObject({ message: 'must use https' });
    const { clientId } = await registerApp(d, app({}), system);
    await expect(updateApp(d, clientId, { redirectUris: ['data:text/html,x'] }, system)).rejects.toMatchObject({ code: 'ERR_VALIDATION', details: { issues: [{ path: ['redirectUris', 0] }] } });
    await expect(updateApp(d, clientId, { applicationType: 'native' }, system)).resolves.toMatchObject({ applicationType: 'native' });
    expect(d.rows.get(clientId)?.metadata.redirect_uris).toEqual(['https://gjj.example.gov.cn/cb']);
  });
});
