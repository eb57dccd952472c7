// What the seal API shows of a seal, a grant and a verification report. Keys, the SESeal data and
// the image bytes stay out of JSON: the image has its own URL, the certificate is given as PEM.
import { effectiveStatus, grantActive } from '../../domain/seal.ts';
import type { Seal, SealEvent, SealGrant } from '../../domain/seal.ts';
import type { DetachedVerifyReport } from '../../services/seals/verify-detached-ses.ts';
import type { SealedPdfReport } from '../../services/seals/verify-sealed-pdf.ts';

function pem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}-----END CERTIFICATE-----\n`;
}

export function sealView(seal: Seal, now: Date, extra: { granted: boolean }) {
  return {
    id: seal.id,
    code: seal.code,
    kind: seal.kind,
    name: seal.name,
    owner: seal.owner,
    personName: seal.personName,
    // A seal past its validEnd is expired whether or not the sweep has marked it yet.
    status: effectiveStatus(seal, now),
    validityYears: seal.validityYears,
    validStart: seal.validStart,
    validEnd: seal.validEnd,
    applicantId: seal.applicantId,
    approverId: seal.approverId,
    certificate: seal.certificate === null ? null : { serialNumber: seal.certificateSerial, pem: pem(seal.certificate) },
    image: seal.image === null ? null : { url: `/api/seals/${seal.id}/image`, source: seal.imageSource, widthMm: seal.widthMm, heightMm: seal.heightMm },
    granted: extra.granted,
    createdAt: seal.createdAt,
    updatedAt: seal.updatedAt,
  };
}

export function eventView(e: SealEvent) {
  return { at: e.at, from: e.from, to: e.to, actorId: e.actorId, reason: e.reason, revocationReason: e.revocationReason };
}

export function grantView(g: SealGrant, now: Date) {
  return {
    id: g.id, sealId: g.sealId, accountId: g.accountId, grantedBy: g.grantedBy, grantedAt: g.grantedAt,
    expiresAt: g.expiresAt, endedAt: g.endedAt, active: grantActive(g, now),
  };
}

/** A detached signature's report: the SES checks and the registry's answer. */
export function detachedReportView(report: DetachedVerifyReport) {
  const s = report.ses;
  return {
    indication: report.indication,
    subIndication: report.subIndication ?? null,
    signingTime: s.signingTime?.toISOString() ?? null,
    propertyInfo: s.propertyInfo ?? null,
    seal: s.seal ? { code: s.seal.esID, name: s.seal.name, validStart: s.seal.validStart.toISOString(), validEnd: s.seal.validEnd.toISOString() } : null,
    checks: {
      ses: s.checks.map((c) => ({ id: c.id, status: c.status, subIndication: c.subIndication ?? null, message: c.message })),
      registry: report.registry,
    },
  };
}

/** One row per signature with the checks behind it; certificates and raw attributes stay out. */
export function reportView(report: SealedPdfReport) {
  return {
    indication: report.indication,
    subIndication: report.subIndication ?? null,
    signatures: report.signatures.map((s) => ({
      fieldName: s.fieldName,
      indication: s.indication,
      subIndication: s.subIndication ?? null,
      modifiedAfterSigning: s.modifiedAfterSigning,
      signingTime: (s.ses?.signingTime ?? s.pdf.signingTime)?.toISOString() ?? null,
      reason: s.pdf.reason ?? null,
      coverage: s.pdf.coverage ?? null,
      seal: s.ses?.seal ? { code: s.ses.seal.esID, name: s.ses.seal.name, validStart: s.ses.seal.validStart.toISOString(), validEnd: s.ses.seal.validEnd.toISOString() } : null,
      checks: {
        pdf: { ...s.pdf.checks, message: s.pdf.message, subFilter: s.pdf.subFilter ?? null },
        ses: s.ses === null ? null : s.ses.checks.map((c) => ({ id: c.id, status: c.status, subIndication: c.subIndication ?? null, message: c.message })),
        registry: s.registry,
      },
    })),
  };
}
