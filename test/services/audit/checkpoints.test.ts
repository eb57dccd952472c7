// Signed checkpoints catch what a hash chain alone cannot: a forger who recomputes every hash.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileAuditWitness } from '../../../src/adapters/audit/file-audit-witness.ts';
import { softwareSigner } from '../../../src/crypto/signer.ts';
import { generateKeyPair } from '../../../src/crypto/sm2.ts';
import { buildCertificate } from '../../../src/crypto/x509/build-certificate.ts';
import { checkpointDigest, checkpointPayload } from '../../../src/domain/audit-checkpoint.ts';
import { GENESIS_HASH, hashAuditRecord } from '../../../src/domain/audit-record.ts';
import type { AuditRecord } from '../../../src/domain/audit-record.ts';
import { AuditLog } from '../../../src/services/audit/audit-log.ts';
import { signAuditCheckpoint } from '../../../src/services/audit/sign-audit-checkpoint.ts';
import { verifyAuditLog } from '../../../src/services/audit/verify-audit-log.ts';
import { MemoryAuditStore } from '../../support/memory-audit-store.ts';

const clock = { now: () => new Date() };
const day = 86_400_000;
const now = Math.floor(Date.now() / 1000) * 1000;
const notBefore = new Date(now - day);
const notAfter = new Date(now + day);

async function pki() {
  const rootKey = generateKeyPair();
  const rootSigner = softwareSigner('root', rootKey.privateKey, []);
  const root = await buildCertificate({ profile: 'root-ca', subject: 'CN=Test Root, C=CN', publicKey: rootKey.publicKey, notBefore, notAfter }, { signer: rootSigner });
  const issue = async (issuer: typeof root, signer: typeof rootSigner) => {
    const key = generateKeyPair();
    const cert = await buildCertificate({ profile: 'signer', subject: 'CN=Audit, C=CN', publicKey: key.publicKey, notBefore, notAfter }, { certificate: issuer, signer });
    return softwareSigner('audit-checkpoint#1', key.privateKey, [cert.der, issuer.der]);
  };
  return { root, signer: await issue(root, rootSigner), issue };
}

async function setup(n: number) {
  const store = new MemoryAuditStore();
  const log = new AuditLog(store, clock);
  for (let i = 0; i < n; i++) await log.append({ actor: { id: `a${i}`, kind: 'staff' }, action: 'seal.use', outcome: 'success' });
  const { root, signer, issue } = await pki();
  const cp = await signAuditCheckpoint({ store, signer, clock });
  const opts = { anchors: [root.der], certificateChainOf: async (id: string) => (id === signer.keyId ? signer.certificateChain : null) };
  return { store, log, signer, cp, opts, issue, root };
}

describe('signed audit checkpoints', () => {
  it('signs the head once and verifies it against the pinned root', async () => {
    const { store, signer, cp, opts } = await setup(5);
    expect(cp).toMatchObject({ seq: 5, keyId: 'audit-checkpoint#1' });
    expect(await signAuditCheckpoint({ store, signer, clock })).toBeNull();
    expect(await verifyAuditLog(store, opts)).toMatchObject({ ok: true, verified: 5, checkpoints: { total: 1, trusted: 1, checked: true } });
  });

  it('catches a whole chain rewritten with recomputed hashes', async () => {
    const { store, opts } = await setup(6);
    let prev = GENESIS_HASH;
    store.records = store.records.map((r): AuditRecord => {
      const fields = { ...r, outcome: r.seq === 2 ? 'denied' : r.outcome, prevHash: prev };
      const rec = { ...fields, hash: hashAuditRecord(fields) };
      prev = rec.hash;
      return rec;
    });
    expect((await verifyAuditLog(store, { ...opts, anchors: [] })).ok).toBe(true); // the chain alone cannot tell
    expect((await verifyAuditLog(store, opts)).firstBroken).toMatchObject({ seq: 6, reason: 'AUDIT_CHECKPOINT_MISMATCH' });
  });

  it('catches a truncated tail', async () => {
    const { store, opts } = await setup(4);
    store.records.pop();
    expect((await verifyAuditLog(store, opts)).firstBroken).toMatchObject({ reason: 'AUDIT_TRUNCATED' });
  });

  it('rejects a forged checkpoint signature and a key not certified by the pinned root', async () => {
    const { store, opts, cp } = await setup(3);
    const sig = Buffer.from(cp!.signature, 'base64');
    sig[sig.length - 1] ^= 1;
    store.saved[0] = { ...cp!, signature: sig.toString('base64') };
    expect((await verifyAuditLog(store, opts)).firstBroken).toMatchObject({ seq: 3, reason: 'AUDIT_CHECKPOINT_SIGNATURE' });

    const other = await setup(3);
    const { signer: rogue } = await pki(); // a key under another root
    other.store.saved = [];
    await signAuditCheckpoint({ store: other.store, signer: rogue, clock });
    const report = await verifyAuditLog(other.store, { anchors: other.opts.anchors, certificateChainOf: async () => rogue.certificateChain });
    expect(report.firstBroken?.reason).toBe('AUDIT_CHECKPOINT_SIGNATURE');
  });

  it('reports checkpoints as unchecked without a trust anchor', async () => {
    const { store, opts } = await setup(2);
    expect((await verifyAuditLog(store, { ...opts, anchors: [] })).checkpoints).toEqual({ total: 1, trusted: 0, checked: false });
  });
});

describe('chained audit checkpoints', () => {
  const witnessDir = () => mkdtempSync(join(tmpdir(), 'yinxin-witness-'));

  it('chain each checkpoint to the one before, after any checkpoint made before chaining', async () => {
    const { store, log, signer, cp, opts } = await setup(3);
    // The one made by setup() is chained already; make the store look as if it were a v1 one.
    const v1 = { seq: cp!.seq, hash: cp!.hash, signedAt: cp!.signedAt, keyId: cp!.keyId, index: null, prevDigest: null };
    store.saved = [{ ...v1, signature: Buffer.from(await signer.sign(checkpointPayload(v1))).toString('base64') }];
    await log.append({ actor: { id: 'x', kind: 'staff' }, action: 'seal.use', outcome: 'success' });
    const first = await signAuditCheckpoint({ store, signer, clock });
    expect(first).toMatchObject({ index: 1, seq: 4, prevDigest: checkpointDigest(store.saved[0]!) });
    await log.append({ actor: { id: 'y', kind: 'staff' }, action: 'seal.use', outcome: 'success' });
    expect(await signAuditCheckpoint({ store, signer, clock })).toMatchObject({ index: 2, seq: 5, prevDigest: checkpointDigest(first!) });
    expect(await verifyAuditLog(store, opts)).toMatchObject({ ok: true, checkpoints: { total: 3, trusted: 3 } });
    // The v1 checkpoint cannot go either: the first chained one names it.
    store.saved.shift();
    expect((await verifyAuditLog(store, opts)).firstBroken).toMatchObject({ checkpoint: 1, reason: 'AUDIT_CHECKPOINT_CHAIN_BROKEN' });
  });

  it('waits for the last checkpoint to be minAgeMs old', async () => {
    const { store, log, signer } = await setup(2);
    await log.append({ actor: { id: 'x', kind: 'staff' }, action: 'seal.use', outcome: 'success' });
    expect(await signAuditCheckpoint({ store, signer, clock }, { minAgeMs: 60_000 })).toBeNull();
    const later = { now: () => new Date(Date.now() + 61_000) };
    expect(await signAuditCheckpoint({ store, signer, clock: later }, { minAgeMs: 60_000 })).toMatchObject({ index: 2, seq: 3 });
  });

  it('copies into its witness the checkpoints other processes made, and refuses when the database lost one', async () => {
    const dir = witnessDir();
    try {
      const { store, log, signer } = await setup(1); // checkpoint #1, made without this witness
      const witness = new FileAuditWitness(join(dir, 'w.log'));
      await log.append({ actor: { id: 'a', kind: 'staff' }, action: 'seal.use', outcome: 'success' });
      await signAuditCheckpoint({ store, signer, clock, witness }); // #2
      await log.append({ actor: { id: 'b', kind: 'staff' }, action: 'seal.use', outcome: 'success' });
      await signAuditCheckpoint({ store, signer, clock }); // #3 by another process
      await log.append({ actor: { id: 'c', kind: 'staff' }, action: 'seal.use', outcome: 'success' });
      await signAuditCheckpoint({ store, signer, clock, witness }); // copies #3, then #4
      expect((await witness.read()).checkpoints.map((c) => c.index)).toEqual([2, 3, 4]);
      store.saved = store.saved.filter((c) => c.index !== 4);
      await log.append({ actor: { id: 'd', kind: 'staff' }, action: 'seal.use', outcome: 'success' });
      await expect(signAuditCheckpoint({ store, signer, clock, witness })).rejects.toMatchObject({ code: 'ERR_AUDIT_TAMPERED' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
