// The app administration page at /admin/apps: a page of yinxin's own, registered as a public
// first-party client (ADMIN_CONSOLE_CLIENT_ID, see adminConsoleApp) that signs the administrator
// in through yinxin's SSO (code flow and PKCE in the browser, one-time password included) and then
// uses /api/admin/apps. The page and its script are served from this origin.
import { readFileSync } from 'node:fs';
import { Router } from 'express';
import type { AppRegistration } from '../../services/apps/register-app.ts';
import { adminAppsMessages } from '../views/admin-apps-i18n.ts';
import { adminAppsPage } from '../views/admin-apps-page.ts';
import { pageOptions } from '../views/prefs.ts';

/** The client id under which the page is registered. */
export const ADMIN_CONSOLE_CLIENT_ID = 'yinxin-admin-console';

/** The page's registration as an app of yinxin's (public client, code flow, admin scope). */
export function adminConsoleApp(publicUrl: string): AppRegistration & { clientId: string; public: true } {
  return {
    clientId: ADMIN_CONSOLE_CLIENT_ID, name: '应用管理', kind: 'first_party', public: true,
    redirectUris: [`${publicUrl}/admin/apps`], postLogoutRedirectUris: [], grantTypes: ['authorization_code'],
    scopes: ['openid', 'staff', 'admin'], fullIdNumber: false,
  };
}

const js = readFileSync(new URL('../views/admin-apps.js', import.meta.url), 'utf8');

export function adminAppsPageRoutes(deps: { config: { publicUrl: string } }): Router {
  const r = Router();
  const base = deps.config.publicUrl.replace(/\/+$/, '');
  r.get('/admin/apps', (req, res) => {
    const o = pageOptions(req, res, () => '');
    const m = adminAppsMessages(o.lang);
    // The language and text-size links lead back to the bare page, never to a used code.
    res.set('Cache-Control', 'no-store').type('html').send(adminAppsPage({ ...o, title: m.title, here: '/admin/apps' }, m, {
      clientId: ADMIN_CONSOLE_CLIENT_ID, authorizationEndpoint: `${base}/oidc/auth`, tokenEndpoint: `${base}/oidc/token`,
      redirectUri: `${base}/admin/apps`, resource: `${base}/api`,
    }));
  });
  r.get('/static/admin-apps.js', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('js').send(js);
  });
  return r;
}
