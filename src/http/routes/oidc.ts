// Mount oidc-provider under /oidc. The provider is built on first use (it needs the signing key
// from the vault, which an operator may create after the service starts).
import express from 'express';
import type { Router } from 'express';
import type Provider from 'oidc-provider';

export function oidcRoutes(provider: () => Promise<Provider>): Router {
  const router = express.Router();
  let handler: ReturnType<Provider['callback']> | undefined;
  router.use('/oidc', (req, res, next) => {
    if (handler) return handler(req, res);
    provider().then((p) => {
      handler ??= p.callback();
      return handler(req, res);
    }, next);
  });
  return router;
}
