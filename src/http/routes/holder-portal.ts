// The holder portal (我的证照) at /holder: a page of yinxin's own, registered as a public
// first-party client (HOLDER_PORTAL_CLIENT_ID, see holderPortalApp) that signs in through
// yinxin's SSO with the authorization code flow and PKCE in the browser and then uses
// /api/holder. The page and its script and style sheet are all served from this origin.
import { readFileSync } from 'node:fs';
import { Router } from 'express';
import type { AppRegistration } from '../../services/apps/register-app.ts';
import { holderMessages } from '../views/holder-i18n.ts';
import { holderPage } from '../views/holder-page.ts';
import { pageOptions } from '../views/prefs.ts';

/** The client id under which the portal is registered. */
export const HOLDER_PORTAL_CLIENT_ID = 'yinxin-holder-portal';

/** The portal's registration as an app of yinxin's (public client, code flow, holder scope). */
export function holderPortalApp(publicUrl: string): AppRegistration & { clientId: string; public: true } {
  return {
    clientId: HOLDER_PORTAL_CLIENT_ID, name: '我的证照', kind: 'first_party', public: true,
    redirectUris: [`${publicUrl}/holder`], postLogoutRedirectUris: [], grantTypes: ['authorization_code'],
    scopes: ['openid', 'holder'], fullIdNumber: false,
  };
}

const js = readFileSync(new URL('../views/holder.js', import.meta.url), 'utf8');
const css = readFileSync(new URL('../views/holder.css', import.meta.url), 'utf8');

export function holderPortalRoutes(deps: { config: { publicUrl: string } }): Router {
  const r = Router();
  const base = deps.config.publicUrl.replace(/\/+$/, '');
  r.get('/holder', (req, res) => {
    const o = pageOptions(req, res, () => '');
    const h = holderMessages(o.lang);
    // The language and text-size links lead back to the bare page, never to a used code.
    res.set('Cache-Control', 'no-store').type('html').send(holderPage({ ...o, title: h.title, here: '/holder' }, h, {
      clientId: HOLDER_PORTAL_CLIENT_ID, authorizationEndpoint: `${base}/oidc/auth`, tokenEndpoint: `${base}/oidc/token`,
      redirectUri: `${base}/holder`, resource: `${base}/api`,
    }));
  });
  r.get('/static/holder.js', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('js').send(js);
  });
  r.get('/static/holder.css', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('css').send(css);
  });
  return r;
}
