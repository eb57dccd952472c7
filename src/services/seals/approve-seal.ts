// Approve a seal (制章审批) and make it: the second person of the two-person rule.
// Steps: the approver is active staff with the seal_approver role → not the applicant → the seal
// is pending → the seal maker's signer → the seal code (next sequence for the city and kind) →
// validity (requested years, capped by the seal maker's certificate) → the seal's SM2 key in the
// vault (reusing one left by an interrupted approval) → its certificate from the seal-maker CA
// (listed in the seal's certList) → the image (uploaded, or generated with the code) → SESeal v4
// signed by the seal maker → store it active with its event, only if nobody changed it meanwhile
// → audit.
import { makeSeal } from '../../crypto/ses/make-seal.ts';
import { sm3 } from '../../crypto/sm3.ts';
import { buildCertificate } from '../../crypto/x509/build-certificate.ts';
import { parseCertificate } from '../../crypto/x509/parse-certificate.ts';
import { PlatformKeys } from '../../domain/platform-keys.ts';
import { SEAL_KIND_INFO, formatSealCode } from '../../domain/seal.ts';
import type { Seal } from '../../domain/seal.ts';
import { ensureSealMaker } from './ensure-seal-maker.ts';
import { generateSealImage } from './seal-image.ts';
import {
  actingAccount, auditActor, hasRole, reasonText, refuse, requestFacts, requireSeal, sealKeyId, sealMakerCa,
} from './seal-deps.ts';
import type { SealActor, SealDeps } from './seal-deps.ts';

const YEAR_MS = 365.25 * 24 * 3600 * 1000;

export async function approveSeal(deps: SealDeps, input: { sealId: string; reason: string }, actor: SealActor): Promise<Seal> {
  const approver = await actingAccount(deps, actor);
  if (!hasRole(approver, 'seal_approver')) refuse('ERR_FORBIDDEN', 'only a seal approver may approve a seal', { accountId: approver.id });
  const reason = reasonText(input?.reason);
  const seal = await requireSeal(deps, input.sealId);
  if (seal.applicantId === approver.id) refuse('ERR_SEAL_TWO_PERSON_RULE', 'the applicant cannot approve their own seal', { sealId: seal.id });
  if (seal.status !== 'pending') refuse('ERR_SEAL_TRANSITION', `a ${seal.status} seal cannot be approved`, { sealId: seal.id });

  const maker = await ensureSealMaker(deps);
  const makerCert = parseCertificate(maker.certificateChain[0]!);
  const ca = await sealMakerCa(deps);
  const caCert = parseCertificate(ca.caChain[0]!);
  const division = deps.settings.divisionCode;
  const code = formatSealCode(division, seal.kind, await deps.seals.nextSequence(`seal-code:${division}:${SEAL_KIND_INFO[seal.kind].code}`));

  const now = deps.clock.now();
  const validEnd = new Date(Math.min(now.getTime() + seal.validityYears * YEAR_MS, makerCert.notAfter.getTime(), caCert.notAfter.getTime()));
  const keyId = sealKeyId(seal.id);
  const key = (await deps.vault.info(keyId)) ?? (await deps.vault.create(keyId, 'sm2'));
  const cert = await buildCertificate({
    profile: 'signer',
    subject: [
      { type: 'CN', value: seal.name.slice(0, 64) }, { type: 'O', value: seal.owner.name.slice(0, 64) },
      { type: 'serialNumber', value: code }, { type: 'C', value: 'CN' },
    ],
    publicKey: key.publicKey,
    notBefore: new Date(now.getTime() - 5 * 60_000),
    notAfter: validEnd,
    crlDistributionPoints: [`${deps.settings.publicUrl}/pki/crl/${PlatformKeys.sealMakerCa}.crl`],
  }, { certificate: caCert, signer: await ca.signer() });
  await deps.vault.setCertificateChain(keyId, key.version, [cert.der, ...ca.caChain]);

  const image = seal.image !== null
    ? { png: seal.image, widthMm: seal.widthMm, heightMm: seal.heightMm }
    : await generateSealImage(deps.renderer, {
      kind: seal.kind, ownerKind: seal.owner.kind, ownerName: seal.owner.name, code, personName: seal.personName,
    }, deps.settings.printDpi);
  const ses = await makeSeal({
    esID: code,
    property: {
      type: SEAL_KIND_INFO[seal.kind].code, name: seal.name, certListType: 1, certList: [cert.der],
      createDate: now, validStart: now, validEnd,
    },
    picture: { type: 'png', data: image.png, width: image.widthMm, height: image.heightMm },
    makerSigner: maker,
  });

  const at = now.toISOString();
  const approved: Seal = {
    ...seal, code, status: 'active', validStart: at, validEnd: validEnd.toISOString(), approverId: approver.id, keyId,
    certificateSerial: cert.serialNumber, certificate: cert.der, sesSeal: ses.der, image: image.png,
    imageSource: seal.imageSource ?? 'generated', updatedAt: at, version: seal.version + 1,
  };
  const events = await deps.seals.events(seal.id);
  await deps.seals.update(approved, seal.version, {
    sealId: seal.id, seq: (events.at(-1)?.seq ?? 0) + 1, at, from: 'pending', to: 'active', actorId: approver.id, reason, revocationReason: null,
  });
  await deps.audit.append({
    actor: auditActor(approver), action: 'seal.approve', object: seal.id, outcome: 'success', ...requestFacts(actor),
    details: {
      sealCode: code, kind: seal.kind, applicantId: seal.applicantId, reason, validEnd: approved.validEnd,
      certificateSerial: cert.serialNumber, sealSm3: Buffer.from(sm3(ses.der)).toString('hex'),
    },
  });
  return approved;
}
