// QR-scan login's former entry point, kept only until the composition root mounts sign-in/qr.ts
// itself (see interaction.ts).
import type { Router } from 'express';
import type { QrLoginDeps } from '../../services/identity/qr-login-deps.ts';
import { qrLoginRoutes } from './sign-in/qr.ts';
import type { InteractionDeps } from './sign-in/steps.ts';

export function interactionQrRoutes(deps: InteractionDeps, qr: QrLoginDeps, _unused?: unknown): Router {
  return qrLoginRoutes(deps, qr);
}
