// A small mobile page that plays the city app's scanner (/app/scan), for testing and
// demonstration: QR-scan login on a computer, and a service window's licence-use request. Like the holder portal it is a public first-party client of yinxin
// (CITY_APP_DEMO_CLIENT_ID, see cityAppDemoApp): it signs the person in through yinxin's SSO with
// the code flow and PKCE in the browser, then calls /api/qr-login as a real app would.
import { readFileSync } from 'node:fs';
import { Router } from 'express';
import type { AppRegistration } from '../../services/apps/register-app.ts';
import { qrMessages } from '../views/qr-login-i18n.ts';
import { qrAppPage } from '../views/qr-app-page.ts';
import { pageOptions } from '../views/prefs.ts';
import { QR_LOGIN_SCOPE } from './qr-login-api.ts';

export const CITY_APP_DEMO_CLIENT_ID = 'yinxin-city-app-demo';

/** The demonstration app's registration (public client, code flow, qr_login scope), kept at every start outside production. */
export function cityAppDemoApp(publicUrl: string): AppRegistration & { clientId: string; public: true } {
  return {
    clientId: CITY_APP_DEMO_CLIENT_ID, name: '城市App（演示）', kind: 'first_party', public: true,
    redirectUris: [`${publicUrl.replace(/\/+$/, '')}/app/scan`], postLogoutRedirectUris: [], grantTypes: ['authorization_code'],
    scopes: ['openid', QR_LOGIN_SCOPE], fullIdNumber: false,
  };
}

const js = readFileSync(new URL('../views/qr-app.js', import.meta.url), 'utf8');

export function qrAppRoutes(deps: { publicUrl: string }): Router {
  const r = Router();
  const base = deps.publicUrl.replace(/\/+$/, '');
  r.get('/app/scan', (req, res) => {
    const o = pageOptions(req, res, () => '');
    const q = qrMessages(o.lang);
    res.set('Cache-Control', 'no-store').type('html').send(qrAppPage({ ...o, title: q.appTitle, here: '/app/scan' }, q, {
      clientId: CITY_APP_DEMO_CLIENT_ID, authorizationEndpoint: `${base}/oidc/auth`, tokenEndpoint: `${base}/oidc/token`,
      redirectUri: `${base}/app/scan`, resource: `${base}/api`, scope: `openid ${QR_LOGIN_SCOPE}`,
    }));
  });
  r.get('/static/qr-app.js', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('js').send(js);
  });
  return r;
}
