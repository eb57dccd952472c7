// Part of the composition root: the verification routes over a container's stores. Kept apart
// from container.ts so that adding them there is one line.
import { createHmac } from 'node:crypto';
import type { Router } from 'express';
import type { Container } from './container.ts';
import { readTrustAnchors } from './adapters/keys/trust-anchor-file.ts';
import { sqlSealStores } from './adapters/seals/index.ts';
import { readApiToken } from './oidc/api-tokens.ts';
import { DEFAULT_SEAL_SETTINGS } from './services/seals/seal-deps.ts';
import { receiptSigner } from './services/verification/receipt-key.ts';
import type { VerificationDeps } from './services/verification/verification-deps.ts';
import { verificationRoutes } from './http/routes/verification.ts';

/** The verification use cases' dependencies over a container. */
export function verificationDeps(c: Container): VerificationDeps {
  const stores = sqlSealStores(c.knex);
  return {
    licences: c.licences,
    seals: {
      seals: stores.seals, crls: stores.crls, vault: c.vault, clock: c.clock,
      settings: { divisionCode: c.config.divisionCode, maxPdfBytes: DEFAULT_SEAL_SETTINGS.maxPdfBytes },
      anchors: () => readTrustAnchors(c.config.keysDir),
    },
    vault: c.vault,
    audit: c.audit,
    clock: c.clock,
    publicUrl: c.config.publicUrl,
    receiptSigner: receiptSigner({ vault: c.vault, clock: c.clock, organisation: c.config.organisation }),
    // Derived from the session secret, so every process of a deployment hashes an IP the same way.
    ipSalt: createHmac('sm3', c.config.sessionSecret).update('yinxin verification client-ip salt').digest('hex'),
    onFailure: (what, e) => c.logger.warn({ err: e instanceof Error ? { name: e.name, message: e.message } : String(e) }, what),
  };
}

/** `/v/:handle`, `/verify` and `/api/verify`. */
export function verificationRouter(c: Container): Router {
  return verificationRoutes({
    verification: verificationDeps(c),
    counters: c.kv,
    readToken: async (token) => readApiToken(await c.oidcProvider(), `${c.config.publicUrl}/api`, token),
  });
}
