// Verify a licence PDF with no network: everything comes from a trust list read from a file.
// Steps: the list's signature (SM2 over its canonical JSON, by a key whose chain ends at the
// list's root; else ERR_TRUST_LIST_INVALID) → the PDF's seals as online (byte ranges, CMS and SES
// signatures, chain to the list's root via its seal-maker CA, revocation from its CRLs; the seal
// registry is not at hand, so seal status rests on the CRLs) → the licence named in the signed
// reason, its status and dates from the list → how old the status data is. A list past its
// nextUpdate cannot confirm a status: CANNOT_CONFIRM, never VALID. A licence the list does not
// name, sealed after the list was issued, is newer than the status data: CANNOT_CONFIRM with
// that said, not NOT_FOUND.
import { z } from 'zod';
import { sm3 } from '../../crypto/sm3.ts';
import { verify } from '../../crypto/sm2.ts';
import { parseCertificate } from '../../crypto/x509/parse-certificate.ts';
import { validatePath } from '../../crypto/x509/validate-path.ts';
import { AppError } from '../../domain/errors.ts';
import { LICENCE_STATUS_CODES, LICENCE_STATUS_NAMES, lapsesAt, startsAt } from '../../domain/licence.ts';
import type { LicenceStatus } from '../../domain/licence.ts';
import { PlatformKeys } from '../../domain/platform-keys.ts';
import { handleDigest, TRUST_LIST_FORMAT, trustListBytes } from '../../domain/trust-list.ts';
import type { SignedTrustList, TrustListBody } from '../../domain/trust-list.ts';
import { checkRow, makeVerdict } from '../../domain/verdict.ts';
import type { CheckCode, Verdict, VerdictCheck } from '../../domain/verdict.ts';
import type { KeyVault } from '../../ports/key-vault.ts';
import { verifySealedPdf } from '../seals/verify-sealed-pdf.ts';
import type { VerifySealDeps } from '../seals/verify-sealed-pdf.ts';
import { identifierInReason } from '../../domain/licence-identifier.ts';
import { documentRows } from './verify-sealed-document.ts';

const STATUSES = ['valid', 'suspended', 'withdrawn', 'cancelled', 'expired', 'transferred', 'revoked', 'superseded'] as const satisfies readonly LicenceStatus[];
const der = z.string().max(20_000).regex(/^[A-Za-z0-9+/=]+$/);
const listSchema = z.object({
  list: z.object({
    format: z.literal(TRUST_LIST_FORMAT),
    publisher: z.object({ organisation: z.string(), url: z.string() }),
    issuedAt: z.string().datetime(),
    nextUpdate: z.string().datetime(),
    root: der,
    sealMakers: z.array(der).max(50),
    crls: z.array(z.string().max(5_000_000)).max(50),
    licences: z.record(z.string(), z.tuple([z.enum(STATUSES), z.number().int(), z.string(), z.string().nullable()])),
    handles: z.record(z.string().regex(/^[0-9a-f]{24}$/), z.string()).optional(),
  }),
  signature: z.object({
    algorithm: z.literal('SM2-SM3'), signerId: z.literal('1234567812345678'), keyId: z.string(),
    certificateChain: z.array(der).min(1).max(5), value: der,
  }),
});

const bytes = (b64: string): Uint8Array => new Uint8Array(Buffer.from(b64, 'base64'));
const invalid = (why: string, cause?: unknown) => new AppError('ERR_TRUST_LIST_INVALID', `trust list not accepted: ${why}`, { cause, details: { reason: why } });

/** The SM3 fingerprint (hex) of the list's root, for comparing with the one published out of band. */
export function rootFingerprint(list: TrustListBody): string {
  return Buffer.from(sm3(bytes(list.root))).toString('hex');
}

/** Parses a trust list and checks its signature; throws ERR_TRUST_LIST_INVALID. */
export function readTrustList(text: string, at: Date): SignedTrustList {
  let parsed: SignedTrustList;
  try {
    parsed = listSchema.parse(JSON.parse(text)) as SignedTrustList;
  } catch (e) {
    throw invalid('malformed', e);
  }
  const [leafDer, ...rest] = parsed.signature.certificateChain.map(bytes);
  try {
    // The list vouches for its own root, so the root's fingerprint is shown to the operator;
    // the signer must chain to that root and its signature must cover every byte of the list.
    const leaf = parseCertificate(leafDer as Uint8Array);
    validatePath({ leaf, intermediates: rest, anchors: [bytes(parsed.list.root)], at });
    if (!verify(leaf.publicKey, trustListBytes(parsed.list), bytes(parsed.signature.value))) throw new Error('signature does not verify');
  } catch (e) {
    throw invalid('signature', e);
  }
  return parsed;
}

/** Offline stand-ins for what seal verification reads online: all of it from the list. */
function offlineSealDeps(list: TrustListBody, now: Date): VerifySealDeps {
  const maker = list.sealMakers[0];
  const crl = list.crls[0];
  const vault = { info: async (name: string) => (name === PlatformKeys.sealMakerCa && maker !== undefined ? { certificateChain: [bytes(maker)] } : null) };
  return {
    // No registry offline: a division code no seal code starts with makes every seal "not one of
    // this registry's", so its status rests on the seal maker's CRL, as for a foreign seal.
    seals: { findByCode: async () => null, events: async () => [] },
    crls: { save: async () => false, latest: async () => (crl === undefined ? null : { number: 0, thisUpdate: '', nextUpdate: '', der: bytes(crl) }) },
    vault: vault as unknown as KeyVault,
    clock: { now: () => now },
    settings: { divisionCode: 'offline', maxPdfBytes: 50 * 1024 * 1024 },
    anchors: () => [bytes(list.root)],
  };
}

const STATUS_ROW: Readonly<Record<LicenceStatus, CheckCode>> = {
  valid: 'STATUS_VALID', suspended: 'STATUS_SUSPENDED', withdrawn: 'STATUS_WITHDRAWN', cancelled: 'STATUS_CANCELLED',
  revoked: 'STATUS_REVOKED', transferred: 'STATUS_TRANSFERRED', superseded: 'STATUS_SUPERSEDED', expired: 'STATUS_VALID',
};

export interface OfflineOutcome {
  readonly verdict: Verdict;
  /** Seconds between the list's issue and the check. */
  readonly statusAgeSeconds: number;
  /** True when the list is past its nextUpdate: its status data is not relied on. */
  readonly stale: boolean;
}

export async function verifyLicencePdfOffline(signed: SignedTrustList, pdf: Uint8Array, now: Date): Promise<OfflineOutcome> {
  const list = signed.list;
  const stale = now.getTime() >= Date.parse(list.nextUpdate);
  const statusAgeSeconds = Math.max(0, Math.round((now.getTime() - Date.parse(list.issuedAt)) / 1000));
  const report = await verifySealedPdf(offlineSealDeps(list, now), pdf);
  const { checks: sealChecks, seals } = documentRows({ kind: 'pdf', report }, now);
  const documentSm3 = Buffer.from(sm3(pdf)).toString('hex');
  const licenceSig = report.signatures.find((s) => identifierInReason(s.pdf.reason) !== null);
  const identifier = licenceSig === undefined ? null : identifierInReason(licenceSig.pdf.reason);
  // The sealing time as the seal states it (the rows above say whether that seal holds).
  const sealedAt = licenceSig?.ses?.signingTime ?? licenceSig?.pdf.signingTime;
  const checks: VerdictCheck[] = sealChecks.length === 0 ? [checkRow('signature', 'SIGNATURE_MISSING')] : [...sealChecks];
  const entry = identifier === null ? undefined : list.licences[identifier];
  if (identifier === null) checks.push(checkRow('licence-status', 'STATUS_NOT_APPLICABLE'), checkRow('validity', 'DATES_NOT_APPLICABLE'));
  else if (entry === undefined && !stale && sealedAt !== undefined && sealedAt.getTime() > Date.parse(list.issuedAt)) checks.push(checkRow('licence-status', 'STATUS_DATA_OLDER_THAN_LICENCE'), checkRow('validity', 'DATES_UNKNOWN'));
  else checks.push(...statusRows(entry, stale, now));
  const verdict = makeVerdict({
    checks,
    subject: identifier === null ? { kind: 'document', documentSm3, seals } : { kind: 'licence', identifier, documentSm3, seals, ...entryFields(entry) },
    checkedAt: now,
    statusAsOf: new Date(list.issuedAt),
  });
  return { verdict, statusAgeSeconds, stale };
}

/** The status and validity rows for a licence's entry in the list (none: not found). */
function statusRows(entry: TrustListBody['licences'][string] | undefined, stale: boolean, now: Date): VerdictCheck[] {
  if (stale) return [checkRow('licence-status', 'STATUS_UNAVAILABLE'), checkRow('validity', 'DATES_UNKNOWN')];
  if (entry === undefined) return [checkRow('licence-status', 'STATUS_NOT_FOUND')];
  const [status, , validFrom, validUntil] = entry;
  const lapsed = status === 'expired' || (validUntil !== null && now >= lapsesAt(validUntil));
  return [checkRow('licence-status', STATUS_ROW[status]), checkRow('validity', lapsed ? 'DATES_EXPIRED' : now < startsAt(validFrom) ? 'DATES_NOT_YET_VALID' : 'DATES_WITHIN')];
}

function entryFields(entry: TrustListBody['licences'][string] | undefined) {
  return entry === undefined ? {} : { version: entry[1], validFrom: entry[2], validUntil: entry[3], status: { code: LICENCE_STATUS_CODES[entry[0]], name: LICENCE_STATUS_NAMES[entry[0]] } };
}

const QR_LINK = /^(https?:\/\/[^/?#]+(?:\/[^?#]*)?)\/v\/([0-9A-Za-z]{16})$/;
/** The most a QR code holds (version 40, alphanumeric); anything longer did not come from one. */
export const QR_PAYLOAD_MAX = 4296;

/**
 * A licence's QR payload (`<platform>/v/<handle>`) checked with no network: the link must be
 * the list publisher's; the handle's digest names the licence, whose status and dates come from
 * the list. Nothing about the document is checked (a row says so), exactly as the online page
 * shows the register's entry for a scanned code. ERR_VALIDATION for a payload that is not a
 * verification link.
 */
export function verifyQrPayloadOffline(signed: SignedTrustList, payload: string, now: Date): OfflineOutcome {
  const list = signed.list;
  if (payload.length > QR_PAYLOAD_MAX) {
    throw new AppError('ERR_PAYLOAD_TOO_LARGE', 'longer than a QR code holds', { details: { issues: [{ path: ['qr'], code: 'too_long', message: `at most ${QR_PAYLOAD_MAX} characters` }] } });
  }
  const m = QR_LINK.exec(payload.trim());
  if (m === null) throw new AppError('ERR_VALIDATION', 'not a licence verification link', { details: { issues: [{ path: ['qr'], code: 'bad_qr_payload', message: 'expected <platform>/v/<16-character handle>' }] } });
  const stale = now.getTime() >= Date.parse(list.nextUpdate);
  const statusAgeSeconds = Math.max(0, Math.round((now.getTime() - Date.parse(list.issuedAt)) / 1000));
  const ours = (m[1] as string).replace(/\/+$/, '').toLowerCase() === list.publisher.url.replace(/\/+$/, '').toLowerCase();
  const handle = (m[2] as string).toUpperCase();
  const identifier = ours ? list.handles?.[handleDigest(Buffer.from(sm3(Buffer.from(handle, 'utf8'))).toString('hex'))] : undefined;
  const checks: VerdictCheck[] = [checkRow('integrity', 'INTEGRITY_QR_ONLY'), checkRow('issuer', ours ? 'ISSUER_TRUSTED' : 'ISSUER_UNKNOWN')];
  if (ours) checks.push(...statusRows(identifier === undefined ? undefined : list.licences[identifier], stale, now));
  const entry = identifier === undefined ? undefined : list.licences[identifier];
  const verdict = makeVerdict({
    checks,
    subject: identifier === undefined ? null : { kind: 'licence', identifier, ...entryFields(entry) },
    checkedAt: now,
    statusAsOf: new Date(list.issuedAt),
  });
  return { verdict, statusAgeSeconds, stale };
}
