// Part of the composition root: the verification routes over a container's stores. Kept apart
// from container.ts so that adding them there is one line.
import { createHmac } from 'node:crypto';
import type { Router } from 'express';
import type { Knex } from 'knex';
import type { Container } from './container.ts';
import type { Config } from './config/schema.ts';
import { SqlLicenceCheckStates } from './adapters/sql/sql-licence-check-states.ts';
import { SqlImportedTrustLists } from './adapters/sql/sql-imported-trust-lists.ts';
import { SqlLicenceStatusRows } from './adapters/sql/sql-licence-status-rows.ts';
import { SqlVerifierBases } from './adapters/sql/sql-verifier-bases.ts';
import { SqlAuditStore } from './adapters/sql/sql-audit-store.ts';
import type { KeyVault } from './ports/key-vault.ts';
import type { Clock } from './ports/clock.ts';
import { trustListPublisher } from './services/verification/build-trust-list.ts';
import { publishedCheckpoint } from './services/audit/published-checkpoint.ts';
import type { TrustListPublisher } from './services/verification/build-trust-list.ts';
import { readTrustAnchors } from './adapters/keys/trust-anchor-file.ts';
import { sqlSealStores } from './adapters/seals/index.ts';
import { readApiToken } from './oidc/api-tokens.ts';
import { DEFAULT_SEAL_SETTINGS } from './services/seals/seal-deps.ts';
import { receiptSigner } from './services/verification/receipt-key.ts';
import { verifySesSignature } from './crypto/ses/verify/verify-ses-signature.ts';
import { CachedSesVerifier } from './adapters/verification/cached-ses-verifier.ts';
import { SnapshotLicenceChecks } from './adapters/verification/snapshot-licence-checks.ts';
import { storeLicenceChecks } from './services/verification/licence-reads.ts';
import type { VerificationDeps } from './services/verification/verification-deps.ts';
import { verificationRoutes } from './http/routes/verification.ts';

/** The verification use cases' dependencies over a container. */
export function verificationDeps(c: Container): VerificationDeps {
  const stores = sqlSealStores(c.knex);
  const anchors = () => readTrustAnchors(c.config.keysDir);
  const seals = {
    seals: stores.seals, crls: stores.crls, vault: c.vault, clock: c.clock,
    settings: { divisionCode: c.config.divisionCode, maxPdfBytes: DEFAULT_SEAL_SETTINGS.maxPdfBytes },
    anchors,
    inspector: c.inspector,
    // Licences are few and scanned often, uploads are bounded by the size limit: 1,024 results
    // of a few kilobytes each stay small.
    ses: new CachedSesVerifier({ verify: verifySesSignature }, { maxEntries: 1024, freshMs: 60_000 }),
  };
  return {
    licences: c.licences,
    seals,
    vault: c.vault,
    audit: c.audit,
    clock: c.clock,
    publicUrl: c.config.publicUrl,
    receiptSigner: receiptSigner({ vault: c.vault, clock: c.clock, organisation: c.config.organisation }),
    // Derived from the session secret, so every process of a deployment hashes an IP the same way.
    ipSalt: createHmac('sm3', c.config.sessionSecret).update('yinxin verification client-ip salt').digest('hex'),
    foreignLists: new SqlImportedTrustLists(c.knex),
    // A licence verified again and again replays its reads while one statement shows nothing changed.
    checks: new SnapshotLicenceChecks(storeLicenceChecks({ licences: c.licences, seals }), new SqlLicenceCheckStates(c.knex, c.licenceFiles), anchors),
    onFailure: (what, e) => c.logger.warn({ err: e instanceof Error ? { name: e.name, message: e.message } : String(e) }, what),
  };
}

/** Rebuilt at most every 15 minutes (housekeeping's interval); verifiers may rely on one for a day. */
export const TRUST_LIST_REFRESH_S = 15 * 60;
export const TRUST_LIST_LIFETIME_S = 24 * 3600;

/** The offline trust list of a deployment, signed with the verification-receipt key. */
export function trustListFor(parts: { knex: Knex; vault: KeyVault; clock: Clock; config: Config }): TrustListPublisher {
  const { knex, vault, clock, config } = parts;
  return trustListPublisher({
    vault, clock, crls: sqlSealStores(knex).crls, anchors: () => readTrustAnchors(config.keysDir), statuses: new SqlLicenceStatusRows(knex),
    signer: receiptSigner({ vault, clock, organisation: config.organisation }), organisation: config.organisation, publicUrl: config.publicUrl,
    lifetimeSeconds: TRUST_LIST_LIFETIME_S,
    auditCheckpoint: () => publishedCheckpoint(new SqlAuditStore(knex), vault),
  }, TRUST_LIST_REFRESH_S);
}

/** `/v/:handle`, `/verify`, `/api/verify` and the trust list at `/.well-known/yinxin-trust-list.json`. */
export function verificationRouter(c: Container, verification: VerificationDeps = verificationDeps(c)): Router {
  const bases = new SqlVerifierBases(c.knex);
  return verificationRoutes({
    verification,
    counters: c.kv,
    trustList: () => c.trustList.current(),
    // Registered verifier systems call with their own client-credentials tokens.
    readToken: async (token) => readApiToken(await c.oidcProvider(), `${c.config.publicUrl}/api`, token, { systems: true }),
    legalBasisOf: async (clientId) => (await bases.find(clientId))?.basis ?? null,
  });
}
