// What a DBA with SQL alone can do to the audit log, and what `audit verify` says about it with
// the witness file beside the keys: each change is found and the first break named.
// The log: records 1–35, chained checkpoints #1–#3 at records 10, 20 and 30 (in the database and
// the witness), records 31–35 not yet covered by any.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FileAuditWitness } from '../../../src/adapters/audit/file-audit-witness.ts';
import { SqlAuditStore } from '../../../src/adapters/sql/sql-audit-store.ts';
import { GENESIS_HASH, hashAuditRecord } from '../../../src/domain/audit-record.ts';
import type { AuditRecord } from '../../../src/domain/audit-record.ts';
import { AuditLog } from '../../../src/services/audit/audit-log.ts';
import { signAuditCheckpoint } from '../../../src/services/audit/sign-audit-checkpoint.ts';
import { publishedCheckpoint, readPublishedCheckpoint } from '../../../src/services/audit/published-checkpoint.ts';
import { verifyAuditLog } from '../../../src/services/audit/verify-audit-log.ts';
import type { VerifyAuditOptions } from '../../../src/services/audit/verify-audit-log.ts';
import { auditKeys } from '../../support/audit-keys.ts';
import type { AuditKeys } from '../../support/audit-keys.ts';
import { sqlBackends } from '../../support/sql-backends.ts';

const INTERVAL_S = 300;
const row = (r: AuditRecord) => ({
  seq: r.seq, time: r.time, actor_id: r.actorId, actor_kind: r.actorKind, action: r.action, object: r.object,
  outcome: r.outcome, client_ip: r.clientIp, request_id: r.requestId, details: r.details, prev_hash: r.prevHash, hash: r.hash,
});

describe.each(sqlBackends)('audit tamper suite on $name', (backend) => {
  let knex: Knex;
  let cleanup: () => Promise<void>;
  let keys: AuditKeys;
  let store: SqlAuditStore;
  let witness: FileAuditWitness;
  let dir: string;
  const clock = { t: 0, now: () => new Date(clock.t) };
  /** The time of the last record or checkpoint written by the set-up. */
  let end = 0;

  beforeAll(async () => {
    ({ knex, cleanup } = await backend.open());
    keys = await auditKeys();
  });
  afterAll(async () => cleanup());

  beforeEach(async () => {
    await knex('audit_checkpoints').del();
    await knex('audit_log').del();
    dir = mkdtempSync(join(tmpdir(), 'yinxin-witness-'));
    witness = new FileAuditWitness(join(dir, 'audit-witness.log'));
    store = new SqlAuditStore(knex);
    const log = new AuditLog(store, clock);
    clock.t = Date.now() - 3600_000;
    for (let i = 1; i <= 35; i++) {
      clock.t += 1000;
      await log.append({ actor: { id: `staff-${i}`, kind: 'staff' }, action: 'seal.use', object: `seal-${i}`, outcome: 'success', details: { i } });
      if (i % 10 === 0 && i <= 30) {
        clock.t += 1000;
        await signAuditCheckpoint({ store, signer: keys.signer, clock, witness });
      }
    }
    end = clock.t;
    return () => rmSync(dir, { recursive: true, force: true });
  });

  const verify = (opts: { now?: number; witness?: boolean; copies?: VerifyAuditOptions['copies'] } = {}) => verifyAuditLog(store, {
    ...keys.opts, witness: opts.witness === false ? null : witness, intervalS: INTERVAL_S, expectCheckpoints: true,
    now: new Date(opts.now ?? end + 1000), copies: opts.copies,
  });
  /** Long enough after the set-up that a running service would have covered records 31–35. */
  const later = () => end + 3 * INTERVAL_S * 1000;
  const records = () => store.page(0, 1000);
  /** Give every record the hash and link it should have, as a forger would. */
  const rehash = async () => {
    let prev = GENESIS_HASH;
    for (const r of await records()) {
      const hash = hashAuditRecord({ ...r, prevHash: prev });
      await knex('audit_log').where({ seq: r.seq }).update({ prev_hash: prev, hash });
      prev = hash;
    }
  };
  const dropCheckpoints = (...seqs: number[]) => knex('audit_checkpoints').whereIn('seq', seqs).del();

  it('an untouched log verifies, the witness compared', async () => {
    const report = await verify();
    expect(report).toMatchObject({ ok: true, verified: 35, findings: [], checkpoints: { total: 3, trusted: 3 }, witness: { checkpoints: 3 } });
    expect((await store.checkpoints()).map((c) => c.index)).toEqual([1, 2, 3]);
  });

  it('edit a field', async () => {
    await knex('audit_log').where({ seq: 5 }).update({ outcome: 'denied' });
    expect((await verify()).firstBroken).toMatchObject({ seq: 5, reason: 'AUDIT_RECORD_ALTERED' });
  });

  it('edit a field and recompute every hash', async () => {
    await knex('audit_log').where({ seq: 5 }).update({ outcome: 'denied' });
    await rehash();
    expect((await verify()).firstBroken).toMatchObject({ seq: 10, reason: 'AUDIT_CHECKPOINT_MISMATCH' });
  });

  it('delete a row', async () => {
    await knex('audit_log').where({ seq: 7 }).del();
    expect((await verify()).firstBroken).toMatchObject({ seq: 7, reason: 'AUDIT_RECORD_MISSING' });
  });

  it('insert a forged row, hashed right, renumbering the rest', async () => {
    for (let seq = 35; seq >= 5; seq--) await knex('audit_log').where({ seq }).update({ seq: seq + 1 });
    const [r4] = await store.page(3, 1);
    const forged = { ...(r4 as AuditRecord), seq: 5, object: 'forged', prevHash: (r4 as AuditRecord).hash };
    await knex('audit_log').insert(row({ ...forged, hash: hashAuditRecord(forged) }));
    expect((await verify()).firstBroken).toMatchObject({ seq: 6, reason: 'AUDIT_RECORD_ALTERED' });
    await rehash();
    expect((await verify()).firstBroken).toMatchObject({ seq: 10, reason: 'AUDIT_CHECKPOINT_MISMATCH' });
  });

  it('swap two rows', async () => {
    await knex('audit_log').where({ seq: 3 }).update({ seq: 1000 });
    await knex('audit_log').where({ seq: 4 }).update({ seq: 3 });
    await knex('audit_log').where({ seq: 1000 }).update({ seq: 4 });
    expect((await verify()).firstBroken).toMatchObject({ seq: 3, reason: 'AUDIT_RECORD_ALTERED' });
  });

  it('delete one checkpoint: the latest', async () => {
    await dropCheckpoints(30);
    expect((await verify()).firstBroken).toMatchObject({ checkpoint: 3, seq: 30, reason: 'AUDIT_CHECKPOINT_MISSING' });
  });

  it('delete a checkpoint in the middle: its chain breaks even without the witness', async () => {
    await dropCheckpoints(20);
    expect((await verify()).firstBroken).toMatchObject({ checkpoint: 2, reason: 'AUDIT_CHECKPOINT_MISSING' });
    expect((await verify({ witness: false })).firstBroken).toMatchObject({ checkpoint: 2, reason: 'AUDIT_CHECKPOINT_MISSING' });
  });

  it('delete several checkpoints', async () => {
    await dropCheckpoints(20, 30);
    const report = await verify();
    expect(report.firstBroken).toMatchObject({ checkpoint: 2, seq: 20, reason: 'AUDIT_CHECKPOINT_MISSING' });
    expect(report.findings.map((f) => [f.reason, f.checkpoint])).toEqual([['AUDIT_CHECKPOINT_MISSING', 2], ['AUDIT_CHECKPOINT_MISSING', 3]]);
  });

  it('delete all checkpoints, then edit a record and recompute every hash', async () => {
    await knex('audit_checkpoints').del();
    await knex('audit_log').where({ seq: 2 }).update({ actor_id: 'someone-else' });
    await rehash();
    const report = await verify();
    expect(report.firstBroken).toMatchObject({ checkpoint: 1, seq: 10, reason: 'AUDIT_CHECKPOINT_MISSING' });
    expect(report.findings).toContainEqual(expect.objectContaining({ seq: 10, reason: 'AUDIT_CHECKPOINT_MISMATCH' }));
  });

  it('forge a checkpoint: a signature not made by the audit key', async () => {
    const [last] = await store.checkpointsFrom(3, 1);
    const head = (await store.last()) as AuditRecord;
    await knex('audit_checkpoints').insert({
      seq: head.seq, hash: head.hash, signed_at: new Date(end).toISOString(), key_id: keys.signer.keyId,
      signature: last?.signature, chain_index: 4, prev_digest: '0'.repeat(64),
    });
    expect((await verify()).firstBroken).toMatchObject({ checkpoint: 4, seq: 35, reason: 'AUDIT_CHECKPOINT_SIGNATURE' });
  });

  it('forge a checkpoint: delete the latest, rewrite what it covered, and have a process without the witness sign anew', async () => {
    await dropCheckpoints(30);
    await knex('audit_log').where({ seq: 25 }).update({ outcome: 'failure' });
    await rehash();
    // The service with the witness refuses to sign over it.
    await expect(signAuditCheckpoint({ store, signer: keys.signer, clock, witness })).rejects.toMatchObject({ code: 'ERR_AUDIT_TAMPERED' });
    // One without it signs, taking #3's place; the witness still holds the real #3.
    expect(await signAuditCheckpoint({ store, signer: keys.signer, clock })).toMatchObject({ index: 3, seq: 35 });
    const report = await verify();
    expect(report.firstBroken).toMatchObject({ checkpoint: 3, reason: 'AUDIT_WITNESS_MISMATCH' });
    expect(report.findings).toContainEqual(expect.objectContaining({ seq: 30, reason: 'AUDIT_CHECKPOINT_MISMATCH' }));
  });

  it('a checkpoint in the database that the witness never recorded', async () => {
    const file = witness.location;
    const lines = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, [lines[0], lines[2], ''].join('\n'));
    expect((await verify()).firstBroken).toMatchObject({ checkpoint: 2, reason: 'AUDIT_CHECKPOINT_UNWITNESSED' });
  });

  it('cut the tail before the last checkpoint, keeping or deleting that checkpoint', async () => {
    await knex('audit_log').where('seq', '>=', 25).del();
    expect((await verify()).firstBroken).toMatchObject({ seq: 25, reason: 'AUDIT_TRUNCATED' });
    await dropCheckpoints(30);
    expect((await verify()).firstBroken).toMatchObject({ checkpoint: 3, seq: 30, reason: 'AUDIT_CHECKPOINT_MISSING' });
  });

  it('cut the tail after the last checkpoint', async () => {
    await knex('audit_log').where('seq', '>=', 33).del();
    expect((await verify({ now: later() })).firstBroken).toMatchObject({ seq: 31, reason: 'AUDIT_CHECKPOINT_OVERDUE' });
  });

  it('delete the latest checkpoint and cut the log back to the one before', async () => {
    await dropCheckpoints(30);
    await knex('audit_log').where('seq', '>', 20).del();
    const report = await verify();
    expect(report.firstBroken).toMatchObject({ checkpoint: 3, reason: 'AUDIT_CHECKPOINT_MISSING' });
    expect(report.findings).toContainEqual(expect.objectContaining({ seq: 21, reason: 'AUDIT_TRUNCATED' }));
  });

  it('rewrite the rows after the last checkpoint with recomputed hashes', async () => {
    for (let seq = 31; seq <= 35; seq++) await knex('audit_log').where({ seq }).update({ actor_id: 'someone-else' });
    await rehash();
    expect((await verify({ now: later() })).firstBroken).toMatchObject({ seq: 31, reason: 'AUDIT_CHECKPOINT_OVERDUE' });
  });

  it('rewrite the rows after the last remaining checkpoint, deleting the one that covered them', async () => {
    await dropCheckpoints(30);
    for (let seq = 21; seq <= 35; seq++) await knex('audit_log').where({ seq }).update({ outcome: 'failure' });
    await rehash();
    expect((await verify()).firstBroken).toMatchObject({ checkpoint: 3, reason: 'AUDIT_CHECKPOINT_MISSING' });
  });

  it('delete a row after the last checkpoint and renumber the rest', async () => {
    await knex('audit_log').where({ seq: 32 }).del();
    for (let seq = 33; seq <= 35; seq++) await knex('audit_log').where({ seq }).update({ seq: seq - 1 });
    await rehash();
    expect((await verify({ now: later() })).firstBroken).toMatchObject({ seq: 31, reason: 'AUDIT_CHECKPOINT_OVERDUE' });
  });

  it('a witness line that is not a checkpoint', async () => {
    writeFileSync(witness.location, `${readFileSync(witness.location, 'utf8')}{"index":4,"seq":"x"}\n`);
    expect((await verify()).firstBroken).toMatchObject({ reason: 'AUDIT_WITNESS_UNREADABLE' });
  });

  it('what cannot be detected: records no checkpoint covers yet, rewritten within the interval', async () => {
    for (let seq = 31; seq <= 35; seq++) await knex('audit_log').where({ seq }).update({ actor_id: 'someone-else' });
    await rehash();
    expect((await verify()).ok).toBe(true);
  });

  it('without a witness, deleting the latest checkpoint is found only once the one left is overdue', async () => {
    await dropCheckpoints(30);
    expect((await verify({ witness: false })).ok).toBe(true);
    expect((await verify({ witness: false, now: later() })).firstBroken).toMatchObject({ seq: 21, reason: 'AUDIT_CHECKPOINT_OVERDUE' });
  });

  it('without a witness, a saved copy of the published trust list shows the latest checkpoint deleted and the log cut back', async () => {
    const vault = { info: async () => ({ certificateChain: keys.signer.certificateChain }) } as unknown as Parameters<typeof publishedCheckpoint>[1];
    const saved = JSON.stringify({ list: {}, signature: {}, auditCheckpoint: await publishedCheckpoint(store, vault) });
    await dropCheckpoints(30);
    await knex('audit_log').where('seq', '>', 20).del();
    expect((await verify({ witness: false })).ok).toBe(true);
    const copies = [{ location: 'trust-list.json', checkpoints: [readPublishedCheckpoint(saved)] }];
    const report = await verify({ witness: false, copies });
    expect(report.firstBroken).toMatchObject({ checkpoint: 3, seq: 30, reason: 'AUDIT_CHECKPOINT_MISSING' });
    expect(report.findings).toContainEqual(expect.objectContaining({ seq: 21, reason: 'AUDIT_TRUNCATED' }));
    expect(() => readPublishedCheckpoint('{"list":{}}')).toThrow(expect.objectContaining({ code: 'ERR_VALIDATION' }));
  });
});
