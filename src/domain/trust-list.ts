// The trust list for offline verification (/.well-known/yinxin-trust-list.json): what a
// checkpoint without network needs to check a licence PDF from this platform. The platform root,
// the seal-maker CA, the current CRLs, and a compact status list of licences
// (identifier → [status, version, first day, last day]); issuedAt and nextUpdate bound how far
// the status data may be trusted. The platform signs the canonical JSON (RFC 8785) of `list`
// with its verification-receipt key, whose chain ends at the listed root.
import { canonicalJson } from './canonical-json.ts';
import type { LicenceStatus } from './licence.ts';

export const TRUST_LIST_FORMAT = 'yinxin-trust-list/1';

/** `[status, version, validFrom, validUntil]`: short, as a list of every licence has to be. */
export type TrustListLicence = readonly [status: LicenceStatus, version: number, validFrom: string, validUntil: string | null];

export interface TrustListBody {
  readonly format: typeof TRUST_LIST_FORMAT;
  readonly publisher: { readonly organisation: string; readonly url: string };
  readonly issuedAt: string;
  readonly nextUpdate: string;
  /** DER, base64: the platform root (the anchor every chain must end at). */
  readonly root: string;
  /** DER, base64: seal-maker CA certificates (intermediates under the root). */
  readonly sealMakers: readonly string[];
  /** DER, base64: the latest CRL of each seal maker. */
  readonly crls: readonly string[];
  readonly licences: Readonly<Record<string, TrustListLicence>>;
  /**
   * For QR payloads checked offline: the first 24 hex digits of the SM3 of each licence's QR
   * handle → its identifier. Digests, so the list cannot be used to enumerate handles.
   */
  readonly handles?: Readonly<Record<string, string>>;
}

/**
 * The platform's latest signed audit checkpoint, published so that others hold copies of it: a
 * checkpoint missing from the platform's database later shows that its audit log was cut. Kept
 * beside `list`, not in it, so verifiers that do not know it still accept the list; it carries
 * its own SM2 signature (payload as in audit-checkpoint.ts) and its key's certificate chain.
 */
export interface PublishedAuditCheckpoint {
  readonly checkpoint: {
    readonly index: number | null; readonly prevDigest: string | null; readonly seq: number; readonly hash: string;
    readonly signedAt: string; readonly keyId: string; readonly signature: string;
  };
  /** DER, base64: the checkpoint key's certificate first, then up to the root. */
  readonly certificateChain: readonly string[];
}

export interface SignedTrustList {
  readonly list: TrustListBody;
  readonly auditCheckpoint?: PublishedAuditCheckpoint;
  readonly signature: {
    readonly algorithm: 'SM2-SM3';
    readonly signerId: '1234567812345678';
    readonly keyId: string;
    /** DER, base64: the signing certificate first, then up to the root. */
    readonly certificateChain: readonly string[];
    readonly value: string;
  };
}

/** The key of a QR handle in `handles`. */
export function handleDigest(sm3Hex: string): string {
  return sm3Hex.slice(0, 24);
}

/** The bytes that are signed: the canonical JSON of the list. */
export function trustListBytes(list: TrustListBody): Uint8Array {
  return new TextEncoder().encode(canonicalJson(list));
}
