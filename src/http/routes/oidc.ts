// Mount oidc-provider under /oidc. The provider is built on first use (it needs the signing key
// from the vault, which an operator may create after the service starts), and rebuilt when the
// signing keys change.
import express from 'express';
import type { Response, Router } from 'express';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';

/**
 * Names each request's route for the metrics by the provider's own endpoint name (`oidc:token`,
 * `oidc:authorization`, `oidc:discovery` …), so that the token endpoint is not lost among the rest
 * of /oidc and no raw path (with its ids) becomes a label.
 */
function nameRoutes(provider: Provider): void {
  provider.use(async (ctx, next) => {
    try {
      await next();
    } finally {
      const route = (ctx as KoaContextWithOIDC).oidc?.route;
      // ctx.res is the response express handed to the provider.
      if (route) (ctx.res as Response).locals.route = `oidc:${route}`;
    }
  });
}

export function oidcRoutes(provider: () => Promise<Provider>): Router {
  const router = express.Router();
  // The provider is rebuilt when its signing keys change (signing-keys.ts): one handler each.
  const handlers = new WeakMap<Provider, ReturnType<Provider['callback']>>();
  router.use('/oidc', (req, res, next) => {
    provider().then((p) => {
      let handler = handlers.get(p);
      if (!handler) {
        nameRoutes(p);
        handler = p.callback();
        handlers.set(p, handler);
      }
      return handler(req, res);
    }, next);
  });
  return router;
}
