// Mount oidc-provider under /oidc. The provider is built on first use (it needs the signing key
// from the vault, which an operator may create after the service starts), and rebuilt when the
// signing keys change.
import express from 'express';
import type { Router } from 'express';
import type Provider from 'oidc-provider';

export function oidcRoutes(provider: () => Promise<Provider>): Router {
  const router = express.Router();
  // The provider is rebuilt when its signing keys change (signing-keys.ts): one handler each.
  const handlers = new WeakMap<Provider, ReturnType<Provider['callback']>>();
  router.use('/oidc', (req, res, next) => {
    provider().then((p) => {
      let handler = handlers.get(p);
      if (!handler) {
        handler = p.callback();
        handlers.set(p, handler);
      }
      return handler(req, res);
    }, next);
  });
  return router;
}
