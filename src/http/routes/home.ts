// The home page at `/`, and the root's `/.well-known/openid-configuration`: the issuer is
// PUBLIC_URL/oidc, so its discovery document lives below it; operators and app developers who try
// the root are sent there.
import { readFileSync } from 'node:fs';
import { Router } from 'express';
import { homeMessages, homePage } from '../views/home-page.ts';
import { pageOptions } from '../views/prefs.ts';

const css = readFileSync(new URL('../views/home.css', import.meta.url), 'utf8');

export interface HomeDeps {
  publicUrl: string;
  /** The configured organisation, named when the tree has no root department yet. */
  organisation: string;
  /** The root department's name, or null before setup. */
  rootName(): Promise<string | null>;
}

export function homeRoutes(deps: HomeDeps): Router {
  const r = Router();
  const base = deps.publicUrl.replace(/\/+$/, '');
  const issuer = `${base}/oidc`;
  const discovery = `${issuer}/.well-known/openid-configuration`;
  r.get('/', async (req, res, next) => {
    try {
      const root = await deps.rootName();
      const o = pageOptions(req, res, () => '');
      res.set('Cache-Control', 'no-store').type('html').send(homePage({ ...o, title: homeMessages(o.lang).title }, {
        name: root ?? deps.organisation, issuer, discovery, setUp: root !== null,
      }));
    } catch (e) {
      next(e);
    }
  });
  r.get('/.well-known/openid-configuration', (_req, res) => {
    res.redirect(302, discovery);
  });
  r.get('/static/home.css', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('css').send(css);
  });
  return r;
}
