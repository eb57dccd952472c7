// Verify the audit log with its signed checkpoints and the witness outside the database.
// Steps: list the database's checkpoints and read the witness → with a trust anchor, check each
// checkpoint's signature (its key's certificate chain validated to the pinned platform root at the
// checkpoint's time) → the checkpoint chain is whole → the witness agrees with the database →
// walk the records, requiring every trusted checkpoint (the witness's and the database's) to match
// → records that no checkpoint covers although the last one is older than twice the interval are
// a finding too. Every finding is reported, the first one first. Without a trust anchor the
// signatures are reported as unchecked, never as trusted; the witness is still compared.
import { isCryptoError } from '../../crypto/errors.ts';
import { verify } from '../../crypto/sm2.ts';
import { validatePath } from '../../crypto/x509/validate-path.ts';
import { checkpointDigest, checkpointPayload } from '../../domain/audit-checkpoint.ts';
import type { AuditCheckpoint } from '../../domain/audit-checkpoint.ts';
import type { AuditStore } from '../../ports/audit-store.ts';
import type { AuditWitness } from '../../ports/audit-witness.ts';
import { checkCheckpointChain, compareWithWitness } from './compare-checkpoints.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';
import type { AuditChainReport, AuditFinding } from './verify-audit-chain.ts';

export interface AuditLogReport extends AuditChainReport {
  checkpoints: { total: number; trusted: number; checked: boolean };
  /** The witness compared, or null when none is configured. */
  witness: { location: string; checkpoints: number } | null;
  /** Every finding, the first break first. */
  findings: AuditFinding[];
}

export interface VerifyAuditOptions {
  anchors: Uint8Array[];
  certificateChainOf: (keyId: string) => Promise<Uint8Array[] | null>;
  witness?: AuditWitness | null;
  /** Checkpoints kept elsewhere (e.g. from saved trust lists), compared like the witness's. */
  copies?: { location: string; checkpoints: AuditCheckpoint[] }[];
  /** Seconds between checkpoints; 0 or unset: no check for an overdue one. */
  intervalS?: number;
  /** Whether this deployment makes checkpoints (it has a checkpoint key) even if none exists yet. */
  expectCheckpoints?: boolean;
  now?: Date;
}

type SignatureCheck = (cp: AuditCheckpoint) => Promise<boolean>;

function signatureCheck(opts: VerifyAuditOptions): SignatureCheck {
  const done = new Map<string, boolean>();
  return async (cp) => {
    const key = checkpointDigest(cp);
    const known = done.get(key);
    if (known !== undefined) return known;
    let ok = false;
    try {
      const chain = await opts.certificateChainOf(cp.keyId);
      if (chain?.length) {
        const path = validatePath({ leaf: chain[0] as Uint8Array, intermediates: chain.slice(1), anchors: opts.anchors, at: new Date(cp.signedAt), keyUsage: ['digitalSignature'] });
        ok = verify(path.chain[0]!.publicKey, checkpointPayload(cp), Buffer.from(cp.signature, 'base64'));
      }
    } catch (e) {
      if (!isCryptoError(e)) throw e;
    }
    done.set(key, ok);
    return ok;
  };
}

const badSignature = (cp: AuditCheckpoint, where: string): AuditFinding => ({
  seq: cp.seq, ...(cp.index === null ? {} : { checkpoint: cp.index }), reason: 'AUDIT_CHECKPOINT_SIGNATURE',
  message: `checkpoint ${cp.index === null ? '' : `#${cp.index} `}at record ${cp.seq} ${where} is not signed by a platform audit key`,
});

/** A finding when records exist past the last checkpoint although one should have covered them. */
function overdue(opts: VerifyAuditOptions, head: { seq: number } | null, firstTime: string | null, latest: AuditCheckpoint | null): AuditFinding | null {
  const intervalMs = (opts.intervalS ?? 0) * 1000;
  if (intervalMs <= 0 || head === null || (latest === null && !opts.expectCheckpoints)) return null;
  if (latest !== null && latest.seq >= head.seq) return null;
  const since = latest ? Date.parse(latest.signedAt) : Date.parse(firstTime ?? '');
  const now = (opts.now ?? new Date()).getTime();
  if (!(now - since > 2 * intervalMs)) return null;
  const from = (latest?.seq ?? 0) + 1;
  return {
    seq: from, reason: 'AUDIT_CHECKPOINT_OVERDUE',
    message: latest
      ? `records ${from}–${head.seq} are covered by no checkpoint, and the last one was signed at ${latest.signedAt}, more than twice the checkpoint interval ago: a checkpoint was deleted, or checkpointing has stopped`
      : `records ${from}–${head.seq} are covered by no checkpoint at all, the first written more than twice the checkpoint interval ago: checkpoints were deleted, or checkpointing never ran`,
  };
}

export async function verifyAuditLog(store: AuditStore, opts: VerifyAuditOptions): Promise<AuditLogReport> {
  const all = await store.checkpoints();
  const read = opts.witness ? await opts.witness.read() : { checkpoints: [], unreadable: [] };
  const checked = opts.anchors.length > 0;
  const copies = opts.copies ?? [];
  const findings: AuditFinding[] = [];
  const trustedDb: AuditCheckpoint[] = [];
  const trustedWitness: AuditCheckpoint[] = [];
  if (checked) {
    const signed = signatureCheck(opts);
    for (const cp of all) {
      if (await signed(cp)) trustedDb.push(cp);
      else findings.push(badSignature(cp, 'in the database'));
    }
    for (const cp of read.checkpoints) {
      if (await signed(cp)) trustedWitness.push(cp);
      else findings.push(badSignature(cp, `in the witness (${opts.witness?.location})`));
    }
    for (const copy of copies) {
      for (const cp of copy.checkpoints) {
        if (await signed(cp)) trustedWitness.push(cp);
        else findings.push(badSignature(cp, `in ${copy.location}`));
      }
    }
  } else {
    // The witness is trusted for where it is kept, like the pinned root; the database is not.
    trustedWitness.push(...read.checkpoints);
  }
  for (const line of read.unreadable) {
    findings.push({ seq: 0, reason: 'AUDIT_WITNESS_UNREADABLE', message: `line ${line} of the witness (${opts.witness?.location}) is not a checkpoint: edited or cut short` });
  }
  findings.push(...checkCheckpointChain(all));
  if (opts.witness) findings.push(...compareWithWitness(all, read.checkpoints, `the witness (${opts.witness.location})`));
  for (const copy of copies) findings.push(...compareWithWitness(all, copy.checkpoints, copy.location));

  // The witness's word wins where the two disagree (that disagreement is already a finding).
  const wanted = new Map<number, string>();
  for (const cp of trustedDb) wanted.set(cp.seq, cp.hash);
  for (const cp of trustedWitness) wanted.set(cp.seq, cp.hash);
  const chain = await verifyAuditChain(store, { checkpoints: [...wanted].map(([seq, hash]) => ({ seq, hash })) });
  if (chain.firstBroken) findings.push(chain.firstBroken);
  else {
    const known = checked ? [...trustedDb, ...trustedWitness] : [...all, ...read.checkpoints, ...copies.flatMap((c) => c.checkpoints)];
    const latest = known.reduce<AuditCheckpoint | null>((a, c) => (a === null || c.seq > a.seq ? c : a), null);
    const first = chain.head ? (await store.page(0, 1))[0]?.time ?? null : null;
    const late = overdue(opts, chain.head, first, latest);
    if (late) findings.push(late);
  }
  // A checkpoint gone from the chain and from the witness's view is one finding, not two.
  const distinct = findings.filter((f, i) => f.checkpoint === undefined
    || findings.findIndex((g) => g.reason === f.reason && g.checkpoint === f.checkpoint) === i);
  const firstBroken = distinct[0];
  return {
    ok: firstBroken === undefined, verified: chain.verified, head: chain.head,
    ...(firstBroken ? { firstBroken } : {}),
    findings: distinct,
    checkpoints: { total: all.length, trusted: trustedDb.length, checked },
    witness: opts.witness ? { location: opts.witness.location, checkpoints: read.checkpoints.length } : null,
  };
}
