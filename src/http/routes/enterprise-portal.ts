// The legal representative's agents page at /enterprise/agents: a page of yinxin's own,
// registered as a public first-party client (ENTERPRISE_PORTAL_CLIENT_ID, see
// enterprisePortalApp, kept registered at every start) that signs in through yinxin's SSO with the code flow and PKCE in the
// browser and then uses /api/enterprises (enterprise-agents.ts).
import { readFileSync } from 'node:fs';
import { Router } from 'express';
import type { AppRegistration } from '../../services/apps/register-app.ts';
import { actingMessages } from '../views/acting-i18n.ts';
import { enterpriseAgentsPage } from '../views/enterprise-page.ts';
import { pageOptions } from '../views/prefs.ts';

export const ENTERPRISE_PORTAL_CLIENT_ID = 'yinxin-enterprise-portal';
const PATH = '/enterprise/agents';

/** The page's registration as an app of yinxin's (public client, code flow, enterprise scope). */
export function enterprisePortalApp(publicUrl: string): AppRegistration & { clientId: string; public: true } {
  return {
    clientId: ENTERPRISE_PORTAL_CLIENT_ID, name: '单位经办人授权', kind: 'first_party', public: true,
    redirectUris: [`${publicUrl}${PATH}`], postLogoutRedirectUris: [], grantTypes: ['authorization_code'],
    scopes: ['openid', 'enterprise'], fullIdNumber: false,
  };
}

const js = readFileSync(new URL('../views/enterprise-agents.js', import.meta.url), 'utf8');
const css = readFileSync(new URL('../views/acting.css', import.meta.url), 'utf8');

export function enterprisePortalRoutes(deps: { config: { publicUrl: string } }): Router {
  const r = Router();
  const base = deps.config.publicUrl.replace(/\/+$/, '');
  r.get(PATH, (req, res) => {
    const o = pageOptions(req, res, () => '');
    const m = actingMessages(o.lang);
    res.set('Cache-Control', 'no-store').type('html').send(enterpriseAgentsPage({ ...o, title: m.agentsTitle, here: PATH }, m, {
      clientId: ENTERPRISE_PORTAL_CLIENT_ID, authorizationEndpoint: `${base}/oidc/auth`, tokenEndpoint: `${base}/oidc/token`,
      redirectUri: `${base}${PATH}`, resource: `${base}/api`,
    }));
  });
  r.get('/static/enterprise-agents.js', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('js').send(js);
  });
  r.get('/static/acting.css', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('css').send(css);
  });
  return r;
}
