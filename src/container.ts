// Composition root: the only place that picks adapters (SQLite or MySQL, SQL-backed store or
// Redis) and wires services and HTTP routes to them.
import { createHmac } from 'node:crypto';
import type { Express } from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { createLogger } from './adapters/log/json-logger.ts';
import type { Config } from './config/schema.ts';
import { connectSql, dialectOf, pingSql } from './adapters/sql/connect.ts';
import type { SqlLog } from './adapters/sql/connect.ts';
import { migrateLatest } from './adapters/sql/migrate.ts';
import { SqlAuditStore } from './adapters/sql/sql-audit-store.ts';
import { FileAuditWitness } from './adapters/audit/file-audit-witness.ts';
import { RedisKvStore } from './adapters/kv/redis-kv-store.ts';
import { SqlKvStore } from './adapters/kv/sql-kv-store.ts';
import { loadKekRing } from './adapters/keys/kek.ts';
import type { KekRing } from './adapters/keys/kek.ts';
import { SqlKeyVault } from './adapters/keys/sql-key-vault.ts';
import { readTrustAnchors, writeRootCertificate } from './adapters/keys/trust-anchor-file.ts';
import { PlatformKeys } from './domain/platform-keys.ts';
import type { KeyVault } from './ports/key-vault.ts';
import { auditUpkeep } from './services/audit/audit-upkeep.ts';
import type { AuditLogReport, VerifyAuditOptions } from './services/audit/verify-audit-log.ts';
import { initPlatformKeys } from './services/pki/init-platform-keys.ts';
import { ensureTokenKeys } from './services/pki/ensure-token-keys.ts';
import { createApp } from './http/app.ts';
import { auditRoutes } from './http/routes/audit.ts';
import { adminAuditRoutes } from './http/routes/admin-audit.ts';
import { adminAuditPageRoutes, auditPageApp } from './http/routes/admin-audit-page.ts';
import { pkiRoutes } from './http/routes/pki.ts';
import type { AuditStore } from './ports/audit-store.ts';
import type { AuditSearch } from './ports/audit-search.ts';
import { systemClock } from './ports/clock.ts';
import type { Clock } from './ports/clock.ts';
import type { Connection, KvStore } from './ports/kv-store.ts';
import { AuditGroupCommit } from './services/audit/audit-group-commit.ts';
import { AuditLog } from './services/audit/audit-log.ts';
import { readAuditHead } from './services/audit/read-audit-head.ts';
import type Provider from 'oidc-provider';
import { SqlAccountStore } from './adapters/accounts/sql-account-store.ts';
import { CachedAppStore } from './adapters/apps/cached-app-store.ts';
import { SqlAppStore } from './adapters/apps/sql-app-store.ts';
import { SqlDataKeys } from './adapters/keys/sql-data-keys.ts';
import { Argon2Hasher } from './adapters/passwords/argon2-hasher.ts';
import { smsSenderFor } from './adapters/sms/sms-sender-for.ts';
import { realNameChecker } from './adapters/real-name/real-name-checker.ts';
import type { RealNameChecker } from './ports/real-name-checker.ts';
import type { AppStore } from './ports/app-store.ts';
import type { IdentityDeps } from './services/identity/identity-deps.ts';
import type { CertLoginDeps } from './services/identity/cert-login-deps.ts';
import { SqlCertBindingStore } from './adapters/sql/sql-cert-binding-store.ts';
import { certLoginCaDir } from './adapters/keys/cert-login-ca-dir.ts';
import { certBindingRoutes } from './http/routes/cert-bindings.ts';
import { realNameApiRoutes } from './http/routes/real-name-api.ts';
import { issueStaffCrl } from './services/identity/issue-staff-crl.ts';
import { readAccountClaims } from './services/identity/read-account-claims.ts';
import { rotatingProvider } from './oidc/rotating-provider.ts';
import { readApiToken } from './oidc/api-tokens.ts';
import { adminAppRoutes } from './http/routes/admin-apps.ts';
import { adminAccountRoutes } from './http/routes/admin-accounts.ts';
import { sealRoutes } from './http/routes/seals.ts';
import { apiDocsRoutes } from './http/routes/api-docs.ts';
import { licenceRoutes } from './http/routes/licences.ts';
import { licenceHolderRoutes } from './http/routes/licence-holder.ts';
import { holderPortalApp, holderPortalRoutes } from './http/routes/holder-portal.ts';
import { ensureBuiltinApp } from './services/apps/ensure-builtin-app.ts';
import type { UriRules } from './services/apps/app-registration.ts';
import { sealDeskApp, sealDeskRoutes } from './http/routes/seal-desk.ts';
import { licenceImportRoutes } from './http/routes/licence-imports.ts';
import { licenceDeskApp, licenceDeskPageRoutes } from './http/routes/licence-desk-pages.ts';
import { cityAppDemoApp, qrAppRoutes } from './http/routes/qr-app.ts';
import { qrLoginRoutes } from './http/routes/sign-in/qr.ts';
import { qrLoginApiRoutes } from './http/routes/qr-login-api.ts';
import type { QrLoginDeps } from './services/identity/qr-login-deps.ts';
import { trustListPublisher } from './services/verification/build-trust-list.ts';
import type { TrustListPublisher } from './services/verification/build-trust-list.ts';
import { receiptSigner } from './services/verification/receipt-key.ts';
import { verifySesSignature } from './crypto/ses/verify/verify-ses-signature.ts';
import { CachedSesVerifier } from './adapters/verification/cached-ses-verifier.ts';
import { SnapshotLicenceChecks } from './adapters/verification/snapshot-licence-checks.ts';
import { storeLicenceChecks } from './services/verification/licence-reads.ts';
import type { VerificationDeps } from './services/verification/verification-deps.ts';
import { publishedCheckpoint } from './services/audit/published-checkpoint.ts';
import { SqlLicenceCheckStates } from './adapters/sql/sql-licence-check-states.ts';
import { SqlImportedTrustLists } from './adapters/sql/sql-imported-trust-lists.ts';
import { SqlLicenceStatusRows } from './adapters/sql/sql-licence-status-rows.ts';
import { SqlVerifierBases } from './adapters/sql/sql-verifier-bases.ts';
import { verificationRoutes } from './http/routes/verification.ts';
import { signInRoutes } from './http/routes/sign-in/router.ts';
import { oidcRoutes } from './http/routes/oidc.ts';
import { staticRoutes } from './http/routes/static.ts';
import { homeRoutes } from './http/routes/home.ts';
import { providerPages } from './http/views/provider-pages.ts';
import { sqlSealStores, resvgSealRenderer } from './adapters/seals/index.ts';
import { dataKeyHolderIndex } from './adapters/licences/data-key-holder-index.ts';
import { dataKeyFileSealer } from './adapters/licences/data-key-file-sealer.ts';
import type { FileSealer } from './ports/file-sealer.ts';
import { loadLicenceTemplates } from './adapters/licences/file-licence-templates.ts';
import { loadLicenceFonts, readLicenceFonts } from './adapters/licences/licence-fonts.ts';
import { SqlLicenceStore } from './adapters/sql/sql-licence-store.ts';
import { SqlLicenceShareStore } from './adapters/sql/sql-licence-share-store.ts';
import { DEFAULT_SEAL_SETTINGS } from './services/seals/seal-deps.ts';
import { licenceSealSource } from './services/seals/licence-seal-source.ts';
import { sealService } from './services/seals/seal-service.ts';
import type { SealService } from './services/seals/seal-service.ts';
import { expireLapsedLicences } from './services/licences/expire-licences.ts';
import { defaultRandom } from './services/licences/licence-deps.ts';
import type { LicenceDeps } from './services/licences/licence-deps.ts';
import { SqlAgentGrantStore } from './adapters/sql/sql-agent-grant-store.ts';
import type { ActingDeps } from './services/acting/acting-deps.ts';
import { actingFor, actingOptions } from './services/acting/acting-options.ts';
import { enterpriseAgentRoutes } from './http/routes/enterprise-agents.ts';
import { enterprisePortalApp, enterprisePortalRoutes } from './http/routes/enterprise-portal.ts';
import type { StaffDeps } from './services/staff/staff-deps.ts';
import { SqlStaffDirectoryStore } from './adapters/accounts/sql-staff-directory-store.ts';
import { providerAccountSessions } from './oidc/account-sessions.ts';
import { providerConsentedApps } from './oidc/account-grants.ts';
import type { OwnAccountDeps } from './services/identity/own-account-deps.ts';
import { adminStaffRoutes } from './http/routes/admin-staff.ts';
import { adminPageRoutes, staffAdminApp } from './http/routes/admin-pages.ts';
import { accountApp, accountPageRoutes } from './http/routes/account/index.ts';
import { availableParallelism } from 'node:os';
import { workerPoolRunner } from './adapters/workers/worker-pool-runner.ts';
import type { DocumentInspector, InspectionTasks } from './services/seals/inspection-tasks.ts';
import type { Registry } from 'prom-client';
import { auditMetrics } from './adapters/metrics/audit-metrics.ts';
import { SqlServiceItemStore } from './adapters/sql/sql-service-item-store.ts';
import { SqlLicenceUseRecords } from './adapters/sql/sql-licence-use-records.ts';
import type { LicenceUseDeps } from './services/licence-use/licence-use-deps.ts';
import { readLicenceUseRequest } from './services/licence-use/licence-use-request.ts';
import { licenceUseRoutes } from './http/routes/licence-use.ts';
import { adminServiceItemRoutes } from './http/routes/admin-service-items.ts';

export interface Container {
  config: Config;
  logger: Logger;
  clock: Clock;
  knex: Knex;
  kv: KvStore & Connection;
  auditStore: AuditStore;
  /** The same audit chain read by what its records are about (the auditors' search). */
  auditSearch: AuditStore & AuditSearch;
  audit: AuditLog;
  vault: KeyVault;
  /** Accounts, login methods and their stores, for the identity use cases. */
  identity: IdentityDeps;
  /** Certificate login and links: the staff CA, imported CAs, linked certificates. */
  certLogin: CertLoginDeps;
  /** Registered apps (OpenID Connect clients). */
  apps: AppStore;
  /** The real-name check: the province's service, or the development register of test people. */
  realName: RealNameChecker;
  /** The seal registry, stamping and seal verification (制章、用章、验章). */
  seals: SealService;
  /** The worker threads that read and check uploaded documents. */
  inspector: DocumentInspector;
  /** What the licence use cases need: templates, store, licence seals, fonts. */
  licences: LicenceDeps;
  /** Sealing of licence files (content, signature, PDF) at rest, as the licence store does it. */
  licenceFiles: FileSealer;
  /** The OpenID provider, built on first use (it needs the signing key from the vault). */
  oidcProvider(): Promise<Provider>;
  /** The staff directory: departments, staff accounts, positions; ending a staff member's sign-ins. */
  staff: StaffDeps;
  /** The account pages' own use cases: one's sessions, consents, sign-in records, authenticator. */
  ownAccount: OwnAccountDeps;
  /**
   * Add a token-signing key: published at once, signing after OIDC_KEY_ACTIVATION_DELAY_S; the
   * key it replaces stays published for OIDC_KEY_RETAIN_S after that.
   */
  rotateSigningKey(actor: { id: string; kind: 'system' | 'staff' }): Promise<{ version: number; signsFrom: string }>;
  /** Create the platform keys; refuses when any exists. Writes the pinned root certificate. */
  initKeys(actor: { id: string; kind: 'system' | 'staff' }): Promise<{ created: string[]; rootFile: string }>;
  /**
   * Sign a checkpoint over the audit head now (null when there is nothing new, no key, or with
   * minAgeMs, the last checkpoint is younger than that).
   */
  checkpointAudit(opts?: { minAgeMs?: number }): Promise<{ seq: number; index: number | null } | null>;
  /** Verify the audit chain, its checkpoints (against the pinned root) and the witness, and any copies given. */
  verifyAudit(opts?: { copies?: VerifyAuditOptions['copies'] }): Promise<AuditLogReport>;
  /** The signed trust list for offline verification, refreshed by housekeeping. */
  trustList: TrustListPublisher;
  /** What the verification use cases need: the register, seal verification, receipts, imported lists. */
  verification: VerificationDeps;
  /** QR-scan login: codes bound to login interactions, in the shared store. */
  qrLogin: QrLoginDeps;
  /** Release pools, connections and timers. */
  close(): Promise<void>;
  /** Acting for an enterprise: agents of legal persons and who may act for which (法人办事). */
  acting: ActingDeps;
  /** What /metrics serves: operation counters from the audit records appended here, and the HTTP metrics. */
  metrics: Registry;
  /** Using licences for service items (用证): the catalogue, apps' permissions, consents and uses. */
  licenceUse: LicenceUseDeps;
}

/** Which redirect URIs apps may register here; the service's own origin is where its built-in apps are. */
function uriRulesOf(config: Config): UriRules {
  return { production: config.env === 'production', ownOrigin: new URL(config.publicUrl).origin };
}

const SWEEP_INTERVAL_MS = 60_000;
/** A statement or a wait for a pooled connection past these is the database being unavailable. */
const SERVICE_SQL_BOUNDS = { queryTimeoutMs: 3500, acquireTimeoutMs: 3500 };
const HOUSEKEEPING_INTERVAL_MS = 15 * 60_000;
const TOKEN_AUDIT_MAX_EVENTS = 200;
const CHECKPOINT_LOOK_MS = 10_000;
/** The trust list is rebuilt at most every 15 minutes (housekeeping's interval); verifiers may rely on one for a day. */
const TRUST_LIST_REFRESH_S = 15 * 60;
const TRUST_LIST_LIFETIME_S = 24 * 3600;

/**
 * Build everything over the configuration. `background` (default true, the service) also makes
 * the development keys on a first embedded start and runs periodic sweeps and checkpoints (those
 * only where `config.runsSingletons`); operator commands turn it off.
 */
export async function createContainer(config: Config, opts: { logger?: Logger; clock?: Clock; background?: boolean } = {}): Promise<Container> {
  const background = opts.background ?? true;
  // Jobs for the whole deployment process group (store sweeps, housekeeping, audit checkpoints)
  // run in one process: a single one, or worker 1 of several (config.runsSingletons).
  const singletons = background && config.runsSingletons;
  const logger = opts.logger ?? createLogger(config);
  const clock = opts.clock ?? systemClock;
  const sqlLog: SqlLog = (level, message) => logger[level]({ component: 'sql' }, message);
  // The service bounds every statement and every wait for a connection, so that a database that
  // stops answering gives 503s within seconds; operator commands may run long statements.
  const knex = connectSql(config.databaseUrl, { log: sqlLog, ...(background ? SERVICE_SQL_BOUNDS : {}) });
  if (config.migrateOnStart) {
    // Migrations may alter large tables: on a connection of their own, without the statement bound.
    const migrator = dialectOf(config.databaseUrl) === 'mysql' ? connectSql(config.databaseUrl, { log: sqlLog, poolMax: 1 }) : knex;
    try {
      const applied = await migrateLatest(migrator);
      if (applied.length) logger.info({ applied }, 'database migrated');
    } finally {
      if (migrator !== knex) await migrator.destroy();
    }
  }
  let kv: KvStore & Connection;
  let sweep: NodeJS.Timeout | undefined;
  if (config.redisUrl) {
    kv = new RedisKvStore({ url: config.redisUrl, prefix: config.redisKeyPrefix });
  } else {
    const sqlKv = new SqlKvStore(knex, clock);
    if (singletons) {
      sweep = setInterval(() => {
        sqlKv.sweepExpired().catch((e: unknown) => logger.warn({ err: String(e) }, 'kv sweep failed'));
      }, SWEEP_INTERVAL_MS);
      sweep.unref();
    }
    kv = sqlKv;
  }
  const auditStore = new SqlAuditStore(knex);
  // Operators' metrics are counted from the audit records as they are appended (adapters/metrics).
  const metrics = auditMetrics(auditStore, clock);
  const audit = new AuditLog(metrics.store, clock);
  let kek: KekRing | undefined;
  const vault = new SqlKeyVault(knex, () => (kek ??= loadKekRing({ value: config.kek, file: config.kekFile, createIfMissing: config.env !== 'production' })), clock);

  const initKeys: Container['initKeys'] = async (actor) => {
    const { created, rootCertificate } = await initPlatformKeys({ vault, audit, clock }, { organisation: config.organisation, publicUrl: config.publicUrl }, actor);
    const { file: rootFile, movedAside } = writeRootCertificate(config.keysDir, rootCertificate, clock.now());
    if (movedAside) logger.warn({ movedAside }, 'an earlier pinned root certificate was moved aside');
    logger.info({ created, rootFile }, 'platform keys created');
    return { created, rootFile };
  };
  const upkeep = auditUpkeep({
    store: auditStore, vault, clock, witness: config.auditWitnessFile ? new FileAuditWitness(config.auditWitnessFile) : null,
    anchors: () => readTrustAnchors(config.keysDir), intervalS: config.auditCheckpointIntervalS,
  });
  const checkpointAudit: Container['checkpointAudit'] = (opts) => upkeep.checkpoint(opts);
  const verifyAudit: Container['verifyAudit'] = (opts) => upkeep.verify(opts);

  const identity: IdentityDeps = {
    accounts: new SqlAccountStore(knex),
    kv,
    hasher: new Argon2Hasher(),
    dataKeys: new SqlDataKeys(knex, () => (kek ??= loadKekRing({ value: config.kek, file: config.kekFile, createIfMissing: config.env !== 'production' })), clock),
    audit,
    clock,
    sms: smsSenderFor(config, logger),
  };
  const certLogin: CertLoginDeps = {
    accounts: identity.accounts, kv, audit, clock, vault, publicUrl: config.publicUrl,
    bindings: new SqlCertBindingStore(knex),
    externalCas: certLoginCaDir(config.certLoginCaDir),
  };
  // Apps are read on every token request: kept in memory, checked against a stamp in the store.
  const apps = new CachedAppStore(new SqlAppStore(knex), kv, clock);
  const tokenAudit = new AuditGroupCommit(audit, clock, { action: 'token.issue', maxEvents: TOKEN_AUDIT_MAX_EVENTS });
  const acting: ActingDeps = { agents: new SqlAgentGrantStore(knex), accounts: identity.accounts, apps, dataKeys: identity.dataKeys, audit, clock };
  const serviceItems = new SqlServiceItemStore(knex);
  const provider = rotatingProvider({
    publicUrl: config.publicUrl,
    cookieKeys: [config.sessionSecret],
    trustProxy: config.trustProxy !== false,
    privateNetworkFetch: config.oidcPrivateNetworkFetch,
    kv,
    apps,
    vault,
    keySchedule: { activationDelayS: config.oidcKeyActivationDelayS, retainS: config.oidcKeyRetainS },
    clock,
    claimsOf: (accountId, o) => readAccountClaims(identity, accountId, o),
    audit: (event) => audit.append(event),
    auditTokenIssue: (event) => tokenAudit.add(event).catch((e: unknown) => {
      logger.error({ err: String(e) }, 'token issue audit failed');
      throw e;
    }),
    pages: providerPages,
    acting: {
      options: (personId, clientId) => actingOptions(acting, personId, clientId),
      actingFor: (personId, legalPersonId, clientId) => actingFor(acting, personId, legalPersonId, clientId),
    },
    pairwiseSecret: config.pairwiseSecret,
    licenceUse: {
      refusal: async (clientId, detail) => {
        const request = await readLicenceUseRequest({ items: serviceItems, licences: { templates } }, clientId, detail);
        return 'refused' in request ? request.refused : null;
      },
    },
  });
  const oidcProvider = () => provider.current();
  const refreshSigningKeys = () => provider.refresh().then((changed) => {
    if (changed) logger.info('token signing keys changed: provider rebuilt');
  });
  const rotateSigningKey: Container['rotateSigningKey'] = async (actor) => {
    // The RS256 key follows on the same schedule; made first, as its generation takes longest.
    const rsa = (await vault.info(PlatformKeys.oidcSigningRs256)) ? await vault.rotate(PlatformKeys.oidcSigningRs256) : null;
    const info = await vault.rotate(PlatformKeys.oidcSigning);
    const signsFrom = new Date(Date.parse(info.createdAt) + config.oidcKeyActivationDelayS * 1000).toISOString();
    await audit.append({
      actor, action: 'admin.keys.rotate', object: `${PlatformKeys.oidcSigning}#${info.version}`, outcome: 'success',
      details: { signsFrom, ...(rsa ? { rs256: `${PlatformKeys.oidcSigningRs256}#${rsa.version}` } : {}) },
    });
    await refreshSigningKeys();
    return { version: info.version, signsFrom };
  };

  // Uploads are read on threads of their own: one core stays with the service thread. A task
  // that outruns the time or heap allowed is stopped; its budget (src/pdf/budget.ts) normally
  // ends it long before.
  // Several worker processes share the cores: each gets its part of them.
  const threads = Math.max(1, Math.min(4, Math.floor((availableParallelism() - 1) / config.workers)));
  const inspector = workerPoolRunner<InspectionTasks>({
    module: new URL('./services/seals/inspection-tasks.ts', import.meta.url), exportName: 'inspectionTasks',
    threads, maxQueue: 4 * threads, taskTimeoutMs: 5_000, queueTimeoutMs: 10_000, maxHeapMb: 256,
    // A command-line run seldom reads an upload: its threads start only if it does.
    warm: background,
  });
  const sealStores = sqlSealStores(knex);
  const anchors = () => readTrustAnchors(config.keysDir);
  const seals = sealService({
    inspector,
    ...sealStores,
    accounts: identity.accounts,
    vault,
    audit,
    clock,
    renderer: resvgSealRenderer(),
    settings: { ...DEFAULT_SEAL_SETTINGS, divisionCode: config.divisionCode, organisation: config.organisation, publicUrl: config.publicUrl },
    anchors,
  });
  const templates = loadLicenceTemplates();
  for (const broken of templates.broken()) logger.error({ template: broken }, 'licence template is broken and not served');
  const licenceFiles = dataKeyFileSealer(identity.dataKeys, { sealNew: config.sealLicenceFiles });
  const licences: LicenceDeps = {
    templates,
    store: new SqlLicenceStore(knex, licenceFiles),
    shares: new SqlLicenceShareStore(knex),
    seals: licenceSealSource({ seals: sealStores.seals, accounts: identity.accounts, vault, clock }),
    holderIndex: dataKeyHolderIndex(identity.dataKeys),
    audit,
    clock,
    random: defaultRandom,
    // About 30 MB of font files: read on the first render, not at start.
    get fonts() { return loadLicenceFonts(); },
    publicUrl: config.publicUrl,
    auditSearch: auditStore,
  };

  // The service reads the licence fonts off its thread soon after start, rather than the first
  // licence issued reading 30 MB on it.
  if (background) readLicenceFonts().catch((e: unknown) => logger.warn({ err: String(e) }, 'licence fonts could not be read'));

  // First start in the embedded mode, or on a SQLite file with sessions in Redis outside
  // production: make the platform keys. Production on MySQL makes them with `yinxin keys init`.
  const devFirstStart = config.embedded || (config.env !== 'production' && config.databaseUrl.startsWith('sqlite:'));
  if (background && devFirstStart && !(await vault.info(PlatformKeys.rootCa))) await initKeys({ id: 'system:first-start', kind: 'system' });
  // Platforms made before the RS256 token key get it on their next start.
  if (background) await ensureTokenKeys({ vault, audit }, { id: 'system:start', kind: 'system' });
  if (background && (await vault.info(PlatformKeys.sealMakerCa))) {
    await seals.ensureSealMaker();
    // Publish a current CRL at once; housekeeping renews it.
    await seals.issueCrl();
  }

  // yinxin's own pages that sign people in are apps of its own, kept registered at every start.
  // The page that plays the city app for QR-scan login is for demonstration: never in production.
  const builtinApps = [holderPortalApp, sealDeskApp, enterprisePortalApp, ...(config.env !== 'production' ? [cityAppDemoApp] : []), staffAdminApp, accountApp, auditPageApp, licenceDeskApp];
  if (background) {
    for (const app of builtinApps) await ensureBuiltinApp({ apps, audit, clock, uriRules: uriRulesOf(config) }, app(config.publicUrl.replace(/\/+$/, '')));
  }

  // One view of every account's sign-in sessions: staff administration and the account pages.
  const accountSessions = providerAccountSessions(oidcProvider, kv);
  const staff: StaffDeps = {
    accounts: identity.accounts, directory: new SqlStaffDirectoryStore(knex), hasher: identity.hasher, dataKeys: identity.dataKeys,
    audit, clock, sessions: accountSessions,
  };
  const ownAccount: OwnAccountDeps = {
    ...identity, sessions: accountSessions, consents: providerConsentedApps(oidcProvider, kv), auditSearch: auditStore,
  };

  // One receipt key signs verification receipts and the trust list.
  const receipts = receiptSigner({ vault, clock, organisation: config.organisation });
  const trustList = trustListPublisher({
    vault, clock, crls: sealStores.crls, anchors, statuses: new SqlLicenceStatusRows(knex), signer: receipts,
    organisation: config.organisation, publicUrl: config.publicUrl, lifetimeSeconds: TRUST_LIST_LIFETIME_S,
    auditCheckpoint: () => publishedCheckpoint(auditStore, vault),
  }, TRUST_LIST_REFRESH_S);
  const verificationSeals = {
    seals: sealStores.seals, crls: sealStores.crls, vault, clock, anchors, inspector,
    settings: { divisionCode: config.divisionCode, maxPdfBytes: DEFAULT_SEAL_SETTINGS.maxPdfBytes },
    // Licences are few and scanned often, uploads are bounded by the size limit: 1,024 results
    // of a few kilobytes each stay small.
    ses: new CachedSesVerifier({ verify: verifySesSignature }, { maxEntries: 1024, freshMs: 60_000 }),
  };
  const verification: VerificationDeps = {
    licences, vault, audit, clock, publicUrl: config.publicUrl, receiptSigner: receipts,
    seals: verificationSeals,
    // Derived from the session secret, so every process of a deployment hashes an IP the same way.
    ipSalt: createHmac('sm3', config.sessionSecret).update('yinxin verification client-ip salt').digest('hex'),
    foreignLists: new SqlImportedTrustLists(knex),
    // A licence verified again and again replays its reads while one statement shows nothing changed.
    checks: new SnapshotLicenceChecks(storeLicenceChecks({ licences, seals: verificationSeals }), new SqlLicenceCheckStates(knex, licenceFiles), anchors),
    onFailure: (what, e) => logger.warn({ err: e instanceof Error ? { name: e.name, message: e.message } : String(e) }, what),
  };
  // Scheduled work: expire seals and licences past their end, keep the seal-maker CRL current,
  // then the trust list (it carries that CRL and the licences' statuses).
  const housekeeping = async () => {
    await seals.expire();
    await expireLapsedLicences(licences);
    if (await vault.info(PlatformKeys.sealMakerCa)) await seals.issueCrl();
    if (await vault.info(PlatformKeys.rootCa)) await trustList.refresh();
  };
  let housekeepingTimer: NodeJS.Timeout | undefined;
  if (singletons) {
    housekeepingTimer = setInterval(() => {
      housekeeping().catch((e: unknown) => logger.warn({ err: String(e) }, 'housekeeping failed'));
    }, HOUSEKEEPING_INTERVAL_MS);
    housekeepingTimer.unref();
  }

  // Signing-key plan: checked often enough that every process publishes a new key well before
  // it signs anywhere.
  let keyTimer: NodeJS.Timeout | undefined;
  if (background) {
    const everyMs = Math.min(60_000, Math.max(200, (config.oidcKeyActivationDelayS * 1000) / 4));
    keyTimer = setInterval(() => {
      refreshSigningKeys().catch((e: unknown) => logger.warn({ err: String(e) }, 'signing key refresh failed'));
    }, everyMs);
    keyTimer.unref();
  }

  // A checkpoint is due once records exist that none covers and the last is an interval old. Looking
  // more often than that (every 10 s at most) covers the first records after a quiet spell at once,
  // so a checkpoint is never older than the interval while records wait (audit verify holds twice
  // the interval against it); several processes looking at once make one checkpoint between them.
  let checkpoints: NodeJS.Timeout | undefined;
  const checkpointing = singletons && config.auditCheckpointIntervalS > 0;
  if (checkpointing) {
    const intervalMs = config.auditCheckpointIntervalS * 1000;
    checkpoints = setInterval(() => {
      checkpointAudit({ minAgeMs: intervalMs }).catch((e: unknown) => logger.error({ err: String(e) }, 'audit checkpoint failed'));
    }, Math.min(intervalMs, CHECKPOINT_LOOK_MS));
    checkpoints.unref();
  }
  if (singletons) logger.info({ pid: process.pid, jobs: ['housekeeping', ...(sweep ? ['kv sweep'] : []), ...(checkpointing ? ['audit checkpoints'] : [])] }, 'this process runs the scheduled jobs');
  return {
    config,
    logger,
    clock,
    knex,
    kv,
    auditStore,
    auditSearch: auditStore,
    audit,
    vault,
    identity,
    certLogin,
    apps,
    realName: realNameChecker(config),
    seals,
    inspector,
    licences,
    licenceFiles,
    oidcProvider,
    staff,
    ownAccount,
    rotateSigningKey,
    initKeys,
    checkpointAudit,
    verifyAudit,
    trustList,
    verification,
    acting,
    licenceUse: {
      items: serviceItems, records: new SqlLicenceUseRecords(knex), licences, accounts: identity.accounts, agents: acting.agents,
      apps, audit, clock, receiptSigner: receipts, random: defaultRandom,
    },
    qrLogin: { kv, audit, clock, accounts: identity.accounts },
    metrics: metrics.registry,
    async close() {
      if (checkpoints) clearInterval(checkpoints);
      if (housekeepingTimer) clearInterval(housekeepingTimer);
      if (keyTimer) clearInterval(keyTimer);
      await tokenAudit.flush();
      if (checkpointing) await checkpointAudit().catch((e: unknown) => logger.warn({ err: String(e) }, 'final audit checkpoint failed'));
      if (sweep) clearInterval(sweep);
      await kv.close().catch(() => undefined);
      await inspector.close().catch(() => undefined);
      await knex.destroy();
    },
  };
}

/** The HTTP application over a container. */
export function createHttpApp(c: Container, isStopping: () => boolean): Express {
  const apiAudience = `${c.config.publicUrl}/api`;
  const readToken = async (token: string) => readApiToken(await c.oidcProvider(), apiAudience, token);
  const interaction = { licenceUse: c.licenceUse, provider: c.oidcProvider, identity: c.identity, cert: c.certLogin, secret: c.config.sessionSecret, publicUrl: c.config.publicUrl, realName: c.realName };
  const appsDeps = { apps: c.apps, audit: c.audit, clock: c.clock, uriRules: uriRulesOf(c.config) };
  const verifierBases = new SqlVerifierBases(c.knex);
  const auditDeps = {
    accounts: c.identity.accounts, audit: c.audit, auditStore: c.auditSearch, clock: c.clock,
    checkpointIntervalS: c.config.auditCheckpointIntervalS, verifyAudit: () => c.verifyAudit(), readToken, adminOtpMaxAgeS: c.config.adminOtpMaxAgeS,
  };
  return createApp({
    logger: c.logger,
    bodyLimit: c.config.bodyLimit,
    trustProxy: c.config.trustProxy,
    isStopping,
    readiness: [
      { name: 'database', ping: () => pingSql(c.knex) },
      { name: 'kv', ping: () => c.kv.ping() },
    ],
    first: [oidcRoutes(c.oidcProvider)],
    routers: [
      staticRoutes(),
      homeRoutes({
        publicUrl: c.config.publicUrl, organisation: c.config.organisation,
        rootName: async () => (await c.identity.accounts.departments()).find((d) => d.parentId === null)?.name ?? null,
      }),
      signInRoutes({ ...interaction, acting: c.acting }),
      auditRoutes(() => readAuditHead(c.auditStore)),
      // The audit search for auditors: /api/admin/audit/* and the page at /admin/audit.
      adminAuditRoutes(auditDeps),
      adminAuditPageRoutes({ ...auditDeps, apps: appsDeps, kv: c.kv, publicUrl: c.config.publicUrl }),
      pkiRoutes({
        sealMakerCrl: async () => (await c.seals.latestCrl())?.der ?? null,
        staffCrl: async () => ((await c.vault.info(PlatformKeys.staffCa)) ? issueStaffCrl(c.certLogin) : null),
        rootCertificate: async () => readTrustAnchors(c.config.keysDir)[0] ?? null,
      }),
      adminAppRoutes({ apps: appsDeps, identity: { ...c.identity, adminOtpMaxAgeS: c.config.adminOtpMaxAgeS }, readToken }),
      realNameApiRoutes({ realName: { ...c.identity, realName: c.realName }, readToken }),
      certBindingRoutes({ cert: c.certLogin, readToken }),
      apiDocsRoutes(),
      sealRoutes(c),
      licenceImportRoutes(c),
      licenceRoutes(c),
      licenceHolderRoutes(c),
      holderPortalRoutes(c),
      sealDeskRoutes(c),
      // The licence issuers' pages at /desk/licences.
      licenceDeskPageRoutes({ ...c, apps: appsDeps, kv: c.kv }),
      // `/v/:handle`, `/verify`, `/api/verify` and the trust list at `/.well-known/yinxin-trust-list.json`.
      verificationRoutes({
        verification: c.verification,
        counters: c.kv,
        trustList: () => c.trustList.current(),
        // Registered verifier systems call with their own client-credentials tokens.
        readToken: async (token) => readApiToken(await c.oidcProvider(), apiAudience, token, { systems: true }),
        legalBasisOf: async (clientId) => (await verifierBases.find(clientId))?.basis ?? null,
      }),
      enterpriseAgentRoutes({ acting: c.acting, readToken }),
      enterprisePortalRoutes(c),
      // QR-scan login: the sign-in page's side, the city app's API, the page that plays the city app.
      qrLoginRoutes({ ...interaction, acting: c.acting }, c.qrLogin),
      qrLoginApiRoutes({ provider: c.oidcProvider, publicUrl: c.config.publicUrl, qrLogin: c.qrLogin }),
      qrAppRoutes({ publicUrl: c.config.publicUrl }),
      adminStaffRoutes({ staff: c.staff, kv: c.kv, readToken, adminOtpMaxAgeS: c.config.adminOtpMaxAgeS }),
      // Citizens' and legal persons' accounts, any account's sessions and lockout: the security administrator's.
      adminAccountRoutes({ accounts: { ...c.staff, kv: c.kv }, readToken, adminOtpMaxAgeS: c.config.adminOtpMaxAgeS }),
      adminPageRoutes({
        staff: c.staff, apps: appsDeps, kv: c.kv, publicUrl: c.config.publicUrl, readToken, adminOtpMaxAgeS: c.config.adminOtpMaxAgeS,
        auditStore: c.auditStore, accountAdmin: { ...c.staff, kv: c.kv }, seals: c.seals, licenceUse: c.licenceUse,
      }),
      // The account page at /account: who is signed in, password change, the real-name check.
      // Its sections: password, phone, forgot password, authenticator, sessions, apps, history.
      accountPageRoutes({ identity: c.identity, apps: appsDeps, kv: c.kv, publicUrl: c.config.publicUrl, readToken, own: c.ownAccount }),
      // Using licences for service items (用证): window systems, holders, and the catalogue's administration.
      licenceUseRoutes({ ...c, kv: c.kv }),
      adminServiceItemRoutes({ licenceUse: c.licenceUse, readToken }),
    ],
    unparsedPrefixes: ['/oidc'],
    metrics: c.metrics,
  });
}
