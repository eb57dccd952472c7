// Part of the composition root: QR-scan login's routes (the sign-in page's side, the city app's
// API, the page that plays the city app) over a container. Kept apart from container.ts so that
// adding them there is one line.
import express from 'express';
import type { Router } from 'express';
import type { Container } from './container.ts';
import { withInteraction } from './http/routes/interaction.ts';
import { interactionQrRoutes } from './http/routes/interaction-qr.ts';
import { qrAppRoutes } from './http/routes/qr-app.ts';
import { qrLoginApiRoutes } from './http/routes/qr-login-api.ts';

export function qrLoginRouter(c: Container): Router {
  const router = express.Router();
  const interaction = { provider: c.oidcProvider, identity: c.identity, cert: c.certLogin, secret: c.config.sessionSecret, publicUrl: c.config.publicUrl, realName: c.realName };
  router.use(interactionQrRoutes(interaction, c.qrLogin, withInteraction));
  router.use(qrLoginApiRoutes({ provider: c.oidcProvider, publicUrl: c.config.publicUrl, qrLogin: c.qrLogin }));
  router.use(qrAppRoutes({ publicUrl: c.config.publicUrl }));
  return router;
}
