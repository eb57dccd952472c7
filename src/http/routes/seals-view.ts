// What the seal API shows of a seal and a grant; verifications answer with verdicts
// (verdict-response.ts). Keys, the SESeal data and the image bytes stay out of JSON: the image
// has its own URL, the certificate is given as PEM.
import { effectiveStatus, grantActive } from '../../domain/seal.ts';
import type { Seal, SealEvent, SealGrant } from '../../domain/seal.ts';

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
