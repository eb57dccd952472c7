// A verification world on a real database: the seal registry with the platform keys (the root is
// the trust anchor), a department with a licence seal in force, licence issuance through that
// seal, and a second issuer whose seal comes from a PKI nobody here trusts.
import { randomBytes } from 'node:crypto';
import { loadLicenceTemplates } from '../../../src/adapters/licences/file-licence-templates.ts';
import { loadLicenceFonts } from '../../../src/adapters/licences/licence-fonts.ts';
import { SqlLicenceShareStore } from '../../../src/adapters/sql/sql-licence-share-store.ts';
import { SqlLicenceStore } from '../../../src/adapters/sql/sql-licence-store.ts';
import type { LicenceRecord } from '../../../src/domain/licence.ts';
import type { Seal } from '../../../src/domain/seal.ts';
import type { LicenceSeal, LicenceSeals } from '../../../src/ports/licence-seals.ts';
import { issueLicence } from '../../../src/services/licences/issue-licence.ts';
import { SqlLicenceCheckStates } from '../../../src/adapters/sql/sql-licence-check-states.ts';
import { SnapshotLicenceChecks } from '../../../src/adapters/verification/snapshot-licence-checks.ts';
import type { LicenceCheckStates } from '../../../src/ports/licence-check-states.ts';
import { storeLicenceChecks } from '../../../src/services/verification/licence-reads.ts';
import { testFileSealer } from '../../support/file-sealer.ts';
import type { FileSealer } from '../../../src/ports/file-sealer.ts';
import type { LicenceDeps } from '../../../src/services/licences/licence-deps.ts';
import { licenceSealSource } from '../../../src/services/seals/licence-seal-source.ts';
import { receiptSigner } from '../../../src/services/verification/receipt-key.ts';
import type { VerificationContext, VerificationDeps } from '../../../src/services/verification/verification-deps.ts';
import type { SqlBackend } from '../../support/sql-backends.ts';
import { ISSUER, OTHER_ISSUER, PROOF, PUBLIC_URL, testHolderIndex, testSeal } from '../licences/licence-kit.ts';
import { sealWorld } from '../seals/seal-fixture.ts';
import type { SealWorld } from '../seals/seal-fixture.ts';

export const STAFF = { id: 's_officer', kind: 'staff' } as const;
export const PUBLIC: VerificationContext = { clientIp: '203.0.113.7', requestId: 'req-1', verifier: null };
export const proofData = (over: Record<string, unknown> = {}) => ({
  name: '张某三', gender: '男', idNumber: '11010519491231002X', purpose: '入职', statement: '经查询，未发现张某三有犯罪记录。', queriedOn: '2026-02-28', ...over,
});

/** Licence seals: the registry's for our department, a foreign PKI's for the other issuer, and any forced one. */
class WorldSeals implements LicenceSeals {
  readonly registry: LicenceSeals;
  readonly extra = new Map<string, LicenceSeal>();
  constructor(registry: LicenceSeals) {
    this.registry = registry;
  }
  async licenceSealFor(code: string): Promise<LicenceSeal | null> {
    return this.extra.get(code) ?? this.registry.licenceSealFor(code);
  }
}

export interface VerificationWorld {
  w: SealWorld;
  licenceDeps: LicenceDeps;
  deps: VerificationDeps;
  /** How the licence store seals its files at rest. */
  files: FileSealer;
  licenceSeal: Seal;
  seals: WorldSeals;
  failures: string[];
  /** `deps` with licence checks over its own stores (as the composition root wires them), through `states` when given. */
  rewired(deps: VerificationDeps, states?: LicenceCheckStates): VerificationDeps;
  /** Issue a no-criminal-record certificate (a citizen's, 90 days) now. */
  issueProof(over?: Record<string, unknown>, opts?: { validFrom?: string; issuer?: { code: string; name: string } }): Promise<LicenceRecord>;
  cleanup(): Promise<void>;
}

export async function verificationWorld(backend: SqlBackend): Promise<VerificationWorld> {
  const w = await sealWorld(backend);
  await w.knex('departments').where({ id: 'd-amr' }).update({ credit_code: ISSUER.code });
  const licenceSeal = await w.activeSeal('licence');
  const seals = new WorldSeals(licenceSealSource({ seals: w.deps.seals, accounts: w.deps.accounts, vault: w.deps.vault, clock: w.clock }));
  seals.extra.set(OTHER_ISSUER.code, (await testSeal()).seal);
  const files = testFileSealer(w.knex);
  const store = new SqlLicenceStore(w.knex, files);
  const templates = loadLicenceTemplates();
  const licenceDeps: LicenceDeps = {
    templates, store, shares: new SqlLicenceShareStore(w.knex), seals, holderIndex: testHolderIndex, audit: w.deps.audit, clock: w.clock,
    random: (n) => randomBytes(n), fonts: loadLicenceFonts(), publicUrl: PUBLIC_URL, auditSearch: w.audit,
  };
  const failures: string[] = [];
  const rewired = (d: VerificationDeps, states: LicenceCheckStates = new SqlLicenceCheckStates(w.knex, files)): VerificationDeps => ({
    ...d, checks: new SnapshotLicenceChecks(storeLicenceChecks(d), states, d.seals.anchors),
  });
  const deps: VerificationDeps = rewired({
    licences: licenceDeps, seals: w.verifyDeps, vault: w.deps.vault, audit: w.deps.audit, clock: w.clock, publicUrl: PUBLIC_URL,
    receiptSigner: receiptSigner({ vault: w.deps.vault, clock: w.clock, organisation: '某市人民政府' }),
    ipSalt: 'test-salt', onFailure: (what) => failures.push(what),
    checks: { byHandle: async () => null, forRecord: async () => { throw new Error('not wired'); } },
  });
  return {
    w, licenceDeps, deps, files, licenceSeal, seals, failures, rewired,
    async issueProof(over = {}, opts = {}) {
      const issued = await issueLicence(licenceDeps, {
        typeCode: PROOF, issuer: opts.issuer ?? ISSUER, data: proofData(over), ...(opts.validFrom ? { validFrom: opts.validFrom } : {}),
      }, STAFF);
      return issued.licence;
    },
    cleanup: () => w.cleanup(),
  };
}
