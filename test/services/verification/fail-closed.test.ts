// Fail closed: when the register, the seal registry or the audit trail cannot be reached, the
// verdict is CANNOT_CONFIRM with a retry hint, never VALID.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/domain/errors.ts';
import { licenceBlobKeys } from '../../../src/services/licences/licence-deps.ts';
import type { VerificationDeps } from '../../../src/services/verification/verification-deps.ts';
import { verifyLicenceByHandle } from '../../../src/services/verification/verify-licence-by-handle.ts';
import { verifyUpload } from '../../../src/services/verification/verify-upload.ts';
import { SqlLicenceCheckStates } from '../../../src/adapters/sql/sql-licence-check-states.ts';
import { sqlBackends } from '../../support/sql-backends.ts';
import { PUBLIC, verificationWorld } from './verification-world.ts';
import type { VerificationWorld } from './verification-world.ts';

const down = () => new AppError('ERR_STORE_UNAVAILABLE', 'database unavailable');

/** The same object with some methods throwing as a lost database would. */
function failing<T extends object>(target: T, methods: (keyof T)[]): T {
  return new Proxy(target, {
    get(t, p, r) {
      if (methods.includes(p as keyof T)) return async () => { throw down(); };
      const value = Reflect.get(t, p, r);
      return typeof value === 'function' ? value.bind(t) : value;
    },
  });
}

describe('fail closed', () => {
  let v: VerificationWorld;
  beforeAll(async () => { v = await verificationWorld(sqlBackends[0]!); }, 60_000);
  afterAll(async () => v.cleanup());

  /** The lookup by handle goes through the one-statement state read when snapshots are wired. */
  const withStore = (methods: (keyof VerificationDeps['licences']['store'])[]): VerificationDeps => v.rewired(
    { ...v.deps, licences: { ...v.deps.licences, store: failing(v.deps.licences.store, methods) } },
    methods.includes('findByHandle') ? failing(new SqlLicenceCheckStates(v.w.knex, v.files), ['read']) : undefined,
  );

  it('CANNOT_CONFIRM when the state of a licence verified before cannot be read, and VALID again once it can', async () => {
    const l = await v.issueProof();
    const states = new SqlLicenceCheckStates(v.w.knex, v.files);
    let broken = false;
    const deps = v.rewired(v.deps, { read: (q) => (broken ? Promise.reject(down()) : states.read(q)) });
    for (let i = 0; i < 3; i++) expect((await verifyLicenceByHandle(deps, { handle: l.handle }, PUBLIC)).verdict.result).toBe('VALID');
    broken = true;
    expect((await verifyLicenceByHandle(deps, { handle: l.handle }, PUBLIC)).verdict).toMatchObject({ result: 'CANNOT_CONFIRM', retryAfterSeconds: 30 });
    broken = false;
    expect((await verifyLicenceByHandle(deps, { handle: l.handle }, PUBLIC)).verdict.result).toBe('VALID');
  });

  it.each([
    ['the lookup', ['findByHandle']],
    ['the history', ['events']],
    ['the successor', ['findSuccessor']],
    ['the signed content', ['transaction']],
  ] as const)('CANNOT_CONFIRM when %s cannot be read', async (_what, methods) => {
    const l = await v.issueProof();
    const { verdict } = await verifyLicenceByHandle(withStore([...methods]), { handle: l.handle }, PUBLIC);
    expect(verdict).toMatchObject({ result: 'CANNOT_CONFIRM', colour: 'amber', retryAfterSeconds: 30, statusAsOf: null });
    expect(verdict.checks.every((c) => c.outcome !== 'passed')).toBe(true);
    expect(verdict.checks[0]!.message.en).toMatch(/try again/);
  });

  it('CANNOT_CONFIRM when the seal registry cannot be read', async () => {
    const l = await v.issueProof();
    const deps = v.rewired({ ...v.deps, seals: { ...v.deps.seals, seals: failing(v.deps.seals.seals, ['findByCode']) } });
    expect((await verifyLicenceByHandle(deps, { handle: l.handle }, PUBLIC)).verdict.result).toBe('CANNOT_CONFIRM');
    const pdf = (await v.licenceDeps.store.transaction((tx) => tx.blobs.get(licenceBlobKeys(l.id).pdf)))!.bytes;
    expect((await verifyUpload(deps, pdf, PUBLIC)).verdict.result).toBe('CANNOT_CONFIRM');
    const noVault = v.rewired({ ...v.deps, seals: { ...v.deps.seals, vault: failing(v.deps.seals.vault, ['info']) } });
    expect((await verifyUpload(noVault, pdf, PUBLIC)).verdict.result).toBe('CANNOT_CONFIRM');
  });

  it('CANNOT_CONFIRM when the verification cannot be audited, and no receipt without a signer', async () => {
    const l = await v.issueProof();
    const noAudit = { ...v.deps, audit: failing(v.deps.audit, ['append']) };
    expect((await verifyLicenceByHandle(noAudit, { handle: l.handle }, PUBLIC)).verdict.result).toBe('CANNOT_CONFIRM');
    const noSigner = { ...v.deps, receiptSigner: async () => { throw down(); } };
    const out = await verifyLicenceByHandle(noSigner, { handle: l.handle }, PUBLIC);
    expect(out).toMatchObject({ verdict: { result: 'VALID' }, receipt: null });
  });
});
