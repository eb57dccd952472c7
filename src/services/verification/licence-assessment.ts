// The licence part of every licence verification, whatever brought the licence in (QR handle,
// typed identifier, uploaded PDF or signature).
// Steps: read the history, the version that replaced this one, and the signed content → the
// status at the time of the check from the history and the validity period (licence-status and
// validity rows) → the content's SM3 against the register (integrity) → optionally the stored
// SES signature over the content: seal maker, signer and chain to the trust anchors, the seal's
// registry status at the signing time (signature and issuer rows) → what the verifier may see:
// the template's disclosure rules, the holder masked.
// Any read that fails ends in CANNOT_CONFIRM (the caller catches), never in a guess.
import { sm3 } from '../../crypto/sm3.ts';
import { LICENCE_STATUS_NAMES, statusAt } from '../../domain/licence.ts';
import type { LicenceContent, LicenceRecord, StatusAtResult } from '../../domain/licence.ts';
import { discloseLicenceData } from '../../domain/licence-template.ts';
import { maskIdNumber, maskName } from '../../domain/masking.ts';
import { checkRow } from '../../domain/verdict.ts';
import type { CheckCode, VerdictCheck, VerdictSubject } from '../../domain/verdict.ts';
import { verificationUrl } from '../licences/licence-deps.ts';
import type { LicenceReads } from '../../ports/licence-checks.ts';
import { verifyDetachedSes } from '../seals/verify-detached-ses.ts';
import { sesFacts } from './seal-facts.ts';
import { sealRows } from './seal-rows.ts';
import type { VerificationDeps } from './verification-deps.ts';

export interface LicenceAssessment {
  readonly checks: VerdictCheck[];
  readonly subject: VerdictSubject;
  readonly successor: { identifier: string; url: string } | null;
  readonly statusAsOf: Date;
  /** The signed content, when it could be read. */
  readonly content: Uint8Array | null;
}

const STATUS_CODES: Readonly<Record<StatusAtResult['status'], CheckCode>> = {
  valid: 'STATUS_VALID', suspended: 'STATUS_SUSPENDED', withdrawn: 'STATUS_WITHDRAWN', cancelled: 'STATUS_CANCELLED',
  revoked: 'STATUS_REVOKED', transferred: 'STATUS_TRANSFERRED', superseded: 'STATUS_SUPERSEDED',
  // Lapsed validity and dates not yet reached are reported on the validity row.
  expired: 'STATUS_VALID', 'not-yet-valid': 'STATUS_VALID', 'not-yet-issued': 'STATUS_NOT_FOUND',
};

function statusRows(s: StatusAtResult): VerdictCheck[] {
  const validity: CheckCode = s.status === 'expired' ? 'DATES_EXPIRED' : s.status === 'not-yet-valid' ? 'DATES_NOT_YET_VALID' : 'DATES_WITHIN';
  return [checkRow('licence-status', STATUS_CODES[s.status]), checkRow('validity', validity)];
}

function subjectOf(deps: VerificationDeps, record: LicenceRecord, content: LicenceContent | null, s: StatusAtResult, legalBasis: string | null): VerdictSubject {
  const template = deps.licences.templates.get(record.typeCode);
  const full = legalBasis !== null && content !== null;
  const fields = content && template ? discloseLicenceData(template.definition, content.data, full) : [];
  const shown = (name: string | undefined) => fields.find((f) => f.field === name)?.value;
  const def = template?.definition;
  const holder = content === null ? { name: record.holderNameMasked, idNumber: '' } : full ? { name: content.holder.name, idNumber: content.holder.idNumber } : {
    name: shown(def?.holder.nameField) ?? maskName(content.holder.name),
    idNumber: shown(def?.holder.idField) ?? maskIdNumber(content.holder.idNumber),
  };
  return {
    kind: 'licence', identifier: record.identifier, version: record.version, licenceType: content?.licenceType.name ?? def?.name ?? record.typeCode,
    issuer: { code: record.issuerCode, name: record.issuerName }, holder, validFrom: record.validFrom, validUntil: record.validUntil,
    status: { code: s.code, name: s.status in LICENCE_STATUS_NAMES ? LICENCE_STATUS_NAMES[s.status as keyof typeof LICENCE_STATUS_NAMES] : null },
    fields,
    ...(full ? { disclosure: { legalBasis: legalBasis as string } } : {}),
  };
}

async function signatureRows(deps: VerificationDeps, reads: LicenceReads, record: LicenceRecord, content: Uint8Array, signature: Uint8Array | null): Promise<VerdictCheck[]> {
  if (signature === null) return [checkRow('signature', 'CHECK_UNAVAILABLE')];
  const report = await verifyDetachedSes({ ...deps.seals, seals: reads.seals }, { signature, data: content, trust: await reads.trust() });
  const rows = sealRows(report, sesFacts(report.ses), { registry: report.registry });
  // The signature must be the one made for this licence, not another licence's by the same seal.
  if (report.ses.propertyInfo !== undefined && report.ses.propertyInfo !== `licence:${record.identifier}`) rows.push(checkRow('integrity', 'INTEGRITY_NOT_REGISTER_COPY'));
  return rows.filter((r) => r.check !== 'integrity' || r.code !== 'INTEGRITY_OK');
}

/** Assesses a licence version found in the register, reading through `reads`. Throws when the register cannot be read. */
export async function assessLicence(
  deps: VerificationDeps, record: LicenceRecord, reads: LicenceReads, opts: { checkStoredSignature: boolean; legalBasis?: string | null },
): Promise<LicenceAssessment> {
  const now = deps.clock.now();
  const [history, successor, blobs] = await Promise.all([
    reads.events(record.id), reads.successor(record.id), reads.blobs(record.id, opts.checkStoredSignature),
  ]);
  const statusAsOf = deps.clock.now();
  const status = statusAt(record, history, now);
  const checks: VerdictCheck[] = [];
  let content: LicenceContent | null = null;
  const bytes = blobs.content;
  if (bytes === null) {
    checks.push(checkRow('integrity', 'CHECK_UNAVAILABLE'));
  } else {
    const intact = Buffer.from(sm3(bytes)).toString('hex') === record.dataSm3;
    try {
      content = JSON.parse(new TextDecoder().decode(bytes)) as LicenceContent;
    } catch {
      content = null;
    }
    checks.push(checkRow('integrity', intact && content?.identifier === record.identifier ? 'INTEGRITY_OK' : 'INTEGRITY_HASH_MISMATCH'));
    if (opts.checkStoredSignature) checks.push(...await signatureRows(deps, reads, record, bytes, blobs.signature));
  }
  checks.push(...statusRows(status), checkRow('share', 'SHARE_NOT_PRESENTED'));
  return {
    checks, statusAsOf, content: bytes,
    subject: subjectOf(deps, record, checks.some((c) => c.code === 'INTEGRITY_HASH_MISMATCH') ? null : content, status, opts.legalBasis ?? null),
    successor: successor === null ? null : { identifier: successor.identifier, url: verificationUrl(deps.publicUrl, successor.handle) },
  };
}
