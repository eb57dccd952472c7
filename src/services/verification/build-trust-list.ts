// Build and sign the offline trust list, and keep the current one for publication.
// Steps: the trust material seal verification uses (root anchor, seal-maker CA, latest CRL) →
// every licence's status from the register → issuedAt now, nextUpdate after the list's lifetime
// → sign the canonical JSON with the verification-receipt key → beside it, the latest signed audit
// checkpoint (so that others hold copies of it). The publisher rebuilds when the
// list is older than its refresh interval (housekeeping also refreshes it on schedule), one build
// at a time; when a rebuild fails the last good list stays published until its nextUpdate.
import type { Signer } from '../../crypto/signer.ts';
import { AppError } from '../../domain/errors.ts';
import { sm3 } from '../../crypto/sm3.ts';
import { handleDigest, TRUST_LIST_FORMAT, trustListBytes } from '../../domain/trust-list.ts';
import type { PublishedAuditCheckpoint, SignedTrustList, TrustListBody, TrustListLicence } from '../../domain/trust-list.ts';
import type { Clock } from '../../ports/clock.ts';
import type { KeyVault } from '../../ports/key-vault.ts';
import type { LicenceStatusRows } from '../../ports/licence-status-rows.ts';
import type { SealCrlStore } from '../../ports/seal-store.ts';
import { verificationTrust } from '../seals/verification-trust.ts';

export interface TrustListDeps {
  vault: KeyVault;
  crls: SealCrlStore;
  anchors: () => Uint8Array[] | Promise<Uint8Array[]>;
  statuses: LicenceStatusRows;
  clock: Clock;
  signer: () => Promise<Signer>;
  organisation: string;
  publicUrl: string;
  /** How long verifiers may rely on the list's status data. */
  lifetimeSeconds: number;
  /** The latest signed audit checkpoint to publish beside the list, if any. */
  auditCheckpoint?: () => Promise<PublishedAuditCheckpoint | null>;
}

const b64 = (der: Uint8Array): string => Buffer.from(der).toString('base64');

export async function buildTrustList(deps: TrustListDeps): Promise<SignedTrustList> {
  const [trust, rows, signer, checkpoint] = await Promise.all([
    verificationTrust(deps), deps.statuses.all(), deps.signer(), deps.auditCheckpoint?.() ?? null,
  ]);
  const root = trust.anchors[0];
  if (root === undefined) throw new AppError('ERR_NOT_READY', 'no trust anchor is configured');
  const now = deps.clock.now();
  const licences: Record<string, TrustListLicence> = {};
  const handles: Record<string, string> = {};
  for (const r of rows) {
    licences[r.identifier] = [r.status, r.version, r.validFrom, r.validUntil];
    handles[handleDigest(Buffer.from(sm3(Buffer.from(r.handle, 'utf8'))).toString('hex'))] = r.identifier;
  }
  const list: TrustListBody = {
    format: TRUST_LIST_FORMAT,
    publisher: { organisation: deps.organisation, url: deps.publicUrl },
    issuedAt: now.toISOString(),
    nextUpdate: new Date(now.getTime() + deps.lifetimeSeconds * 1000).toISOString(),
    root: b64(root), sealMakers: trust.intermediates.map(b64), crls: trust.crls.map(b64), licences, handles,
  };
  const value = await signer.sign(trustListBytes(list));
  return {
    list,
    signature: {
      algorithm: 'SM2-SM3', signerId: '1234567812345678', keyId: signer.keyId,
      certificateChain: signer.certificateChain.map(b64), value: b64(value),
    },
    ...(checkpoint ? { auditCheckpoint: checkpoint } : {}),
  };
}

export interface TrustListPublisher {
  /** The list to publish: the cached one while fresh, else a new one. */
  current(): Promise<SignedTrustList>;
  /** Build a new list now. */
  refresh(): Promise<SignedTrustList>;
}

export function trustListPublisher(deps: TrustListDeps, refreshSeconds: number): TrustListPublisher {
  let last: SignedTrustList | null = null;
  let building: Promise<SignedTrustList> | null = null;
  const refresh = () => {
    building ??= buildTrustList(deps).then((l) => { last = l; return l; }).finally(() => { building = null; });
    return building;
  };
  return {
    refresh,
    async current() {
      const now = deps.clock.now().getTime();
      if (last !== null && now - Date.parse(last.list.issuedAt) < refreshSeconds * 1000) return last;
      try {
        return await refresh();
      } catch (e) {
        if (last !== null && now < Date.parse(last.list.nextUpdate)) return last;
        throw e;
      }
    },
  };
}
