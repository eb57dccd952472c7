// The steps of issuing one licence version, shared by first issuance and by change/renewal:
//   planIssuance    template → issuer → data → validity → seal → holder → identifier → content
//   signContent     SES_Signature over SM3 of the canonical content, with the licence seal
//   renderAndSeal   the face laid out once; the PDF stamped and the OFD sealed with the same seal
//   storeIssuance   licence row, history, PDF, OFD, signature and content in one transaction
// Each step either returns what the next needs or throws a coded error; nothing is written
// before the last step.
import { CryptoError } from '../../crypto/errors.ts';
import { SESeal } from '../../crypto/ses/SESeal.ts';
import { signWithSeal } from '../../crypto/ses/sign-with-seal.ts';
import { sm3 } from '../../crypto/sm3.ts';
import { isValidCreditCode, normalizeCreditCode } from '../../domain/credit-code.ts';
import { AppError } from '../../domain/errors.ts';
import { formatLicenceIdentifier, handleFromRandom, LicenceIdentifierError, parseLicenceIdentifier, serialFromRandom } from '../../domain/licence-identifier.ts';
import { canonicalLicenceBytes, HOLDER_ID_TYPES, validityWindow } from '../../domain/licence.ts';
import type { LicenceContent, LicenceEvent, LicenceRecord } from '../../domain/licence.ts';
import { isIsoDate, validateLicenceData } from '../../domain/licence-template.ts';
import type { LicenceData, LicenceTemplate } from '../../domain/licence-template.ts';
import { maskName } from '../../domain/masking.ts';
import { encodeSealImage } from '../../pdf/seal-image.ts';
import { stampPdf } from '../../pdf/stamp.ts';
import type { LicenceSeal } from '../../ports/licence-seals.ts';
import type { LicenceTransaction } from '../../ports/licence-store.ts';
import { takeTurns } from '../batch/take-turns.ts';
import { faceFonts } from './face-fonts.ts';
import { layoutLicence } from './licence-face.ts';
import { renderLicencePdf, warmLicenceFonts } from './render-licence.ts';
import { renderLicenceOfd } from './render-licence-ofd.ts';
import { chinaDay, fieldError, invalidField, licenceBlobKeys, newLicenceId, verificationUrl } from './licence-deps.ts';
import type { FieldIssue, LicenceActor, LicenceDeps } from './licence-deps.ts';

/** What a caller asks to be issued. */
export interface LicenceRequest {
  readonly typeCode: string;
  readonly issuer: { readonly code: string; readonly name: string };
  readonly data: Readonly<Record<string, unknown>>;
  /** First day of validity, `YYYY-MM-DD`; default the issue day (China Standard Time). */
  readonly validFrom?: string;
}

/** Everything decided before anything is signed or written. */
export interface IssuancePlan {
  readonly template: LicenceTemplate;
  readonly data: LicenceData;
  readonly seal: LicenceSeal;
  readonly content: LicenceContent;
  readonly canonical: Uint8Array;
  readonly record: LicenceRecord;
  readonly url: string;
  readonly issuedAt: Date;
}

/** For a new version: the version it replaces. */
export interface PreviousVersion {
  readonly record: LicenceRecord;
  readonly identifier: string;
}

const MAX_SKEW_DAYS = 366;

/**
 * Checks the request and decides the licence: throws ERR_VALIDATION with field-level issues
 * (unknown template, bad issuer code, no licence seal, invalid data, a holder ID failing its check
 * digit, a validity window that ends before it starts).
 */
export async function planIssuance(
  deps: LicenceDeps, req: LicenceRequest, opts: { previous?: PreviousVersion; idempotencyKey: string | null; requestSm3: string | null; actor: LicenceActor },
): Promise<IssuancePlan> {
  const template = deps.templates.get(String(req?.typeCode ?? ''));
  if (template === null) throw invalidField('typeCode', 'unknown_template', 'no served template for this licence type');
  const def = template.definition;

  const issues: FieldIssue[] = [];
  const issuerCode = normalizeCreditCode(String(req.issuer?.code ?? ''));
  const issuerName = String(req.issuer?.name ?? '').trim();
  if (!isValidCreditCode(issuerCode)) issues.push({ path: ['issuer', 'code'], code: 'check_digit', message: 'not a valid unified social credit code (GB 32100 check)' });
  if (issuerName === '' || [...issuerName].length > 64) issues.push({ path: ['issuer', 'name'], code: 'required', message: 'the issuer\'s name is required (at most 64 characters)' });
  const checked = validateLicenceData(def, req.data ?? {});
  if ('issues' in checked) issues.push(...checked.issues.map((i) => ({ path: ['data', i.field], code: i.code, message: i.message })));

  const issuedAt = deps.clock.now();
  const today = chinaDay(issuedAt);
  const validFrom = req.validFrom ?? today;
  if (!isIsoDate(validFrom)) issues.push({ path: ['validFrom'], code: 'bad_date', message: 'must be a date YYYY-MM-DD' });
  else if (Math.abs(Date.parse(validFrom) - Date.parse(today)) > MAX_SKEW_DAYS * 86_400_000) issues.push({ path: ['validFrom'], code: 'out_of_range', message: 'must be within a year of today' });
  if (issues.length > 0) throw fieldError(issues);
  const data = (checked as { data: LicenceData }).data;

  const validUntil = validityWindow(def.validity, validFrom, data);
  if (validUntil !== null && validUntil < validFrom) {
    const field = def.validity.kind === 'field' ? ['data', def.validity.field] : ['validFrom'];
    throw fieldError([{ path: field, code: 'ends_before_start', message: 'the validity period ends before it starts' }]);
  }

  const seal = await deps.seals.licenceSealFor(issuerCode);
  if (seal === null) throw fieldError([{ path: ['issuer', 'code'], code: 'no_licence_seal', message: 'this department has no licence seal in force' }]);

  const holderName = data[def.holder.nameField] as string;
  const holderId = data[def.holder.idField] as string;
  const previous = opts.previous?.record;
  if (previous !== undefined && previous.holderKey !== await deps.holderIndex.keyFor(def.holder.kind, holderId)) {
    throw invalidField(`data.${def.holder.idField}`, 'holder_changed', 'a new version must keep the holder; issue a new licence instead');
  }

  let identifier: string;
  const serial = previous?.serial ?? serialFromRandom(deps.random(16));
  const version = (previous?.version ?? 0) + 1;
  try {
    identifier = formatLicenceIdentifier({ typeCode: def.typeCode, issuerCode, serial, version });
    parseLicenceIdentifier(identifier, 'strict');
  } catch (e) {
    if (e instanceof LicenceIdentifierError) throw fieldError(e.problems.map((p) => ({ path: ['identifier', p.field], code: 'bad_identifier', message: p.message })));
    throw e;
  }
  const handle = handleFromRandom(deps.random(16));
  const content: LicenceContent = {
    identifier,
    licenceType: { code: def.typeCode, name: def.name, templateVersion: def.version },
    definingAuthority: { code: def.definingAuthority.code, name: def.definingAuthority.name },
    issuer: { code: issuerCode, name: issuerName },
    holder: { kind: def.holder.kind, name: holderName, idType: HOLDER_ID_TYPES[def.holder.kind], idNumber: holderId },
    version,
    previousIdentifier: opts.previous?.identifier ?? null,
    issuedAt: issuedAt.toISOString(),
    validFrom,
    validUntil,
    data,
  };
  const canonical = canonicalLicenceBytes(content);
  const record: LicenceRecord = {
    id: newLicenceId(deps.random), identifier, handle, typeCode: def.typeCode, templateVersion: def.version, issuerCode, issuerName,
    serial, version, previousId: previous?.id ?? null, holderKind: def.holder.kind,
    holderKey: await deps.holderIndex.keyFor(def.holder.kind, holderId),
    // A legal person's name is public; a citizen's is masked wherever it is listed.
    holderNameMasked: def.holder.kind === 'citizen' ? maskName(holderName) : holderName,
    status: 'valid', issuedAt: issuedAt.toISOString(), validFrom, validUntil,
    dataSm3: Buffer.from(sm3(canonical)).toString('hex'), idempotencyKey: opts.idempotencyKey, requestSm3: opts.requestSm3,
    issuedBy: opts.actor.id,
  };
  return { template, data, seal, content, canonical, record, url: verificationUrl(deps.publicUrl, handle), issuedAt };
}

/** Crypto failures with the seal are the department's configuration, reported on the issuer field. */
function sealProblem(e: unknown): never {
  if (e instanceof CryptoError && (e.code === 'ERR_SES_SEAL_NOT_VALID' || e.code === 'ERR_SES_SIGNER_NOT_LISTED' || e.code === 'ERR_SES_MALFORMED')) {
    throw fieldError([{ path: ['issuer', 'code'], code: 'licence_seal_unusable', message: e.message }]);
  }
  throw new AppError('ERR_INTERNAL', 'signing the licence failed', { cause: e });
}

/** The SES_Signature (DER) over SM3 of the canonical content. */
export async function signContent(plan: IssuancePlan): Promise<Uint8Array> {
  try {
    const seal = SESeal.decode(plan.seal.seal);
    const signature = await signWithSeal({
      seal, signer: plan.seal.signer, dataHash: sm3(plan.canonical), propertyInfo: `licence:${plan.record.identifier}`, time: plan.issuedAt,
    });
    return signature.der;
  } catch (e) {
    return sealProblem(e);
  }
}

/** The licence's two files: the PDF and the OFD, drawn from one face and sealed with the licence seal. */
export interface LicenceFiles {
  readonly pdf: Uint8Array;
  readonly ofd: Uint8Array;
}

/** The licence PDF and OFD, drawn from the same laid-out face and sealed with the licence seal. */
export async function renderAndSeal(deps: LicenceDeps, plan: IssuancePlan): Promise<LicenceFiles> {
  // Rendering and stamping take some tens of ms of the thread, and the first licence of a process
  // also parses the fonts: each in a turn of its own, so that requests are answered in between.
  const pause = takeTurns();
  await warmLicenceFonts(deps.fonts, pause);
  const issueDate = chinaDay(plan.issuedAt);
  const face = layoutLicence({
    template: plan.template, data: plan.data, fonts: deps.fonts,
    values: {
      identifier: plan.record.identifier, issuerName: plan.record.issuerName, issueDate,
      validFrom: plan.record.validFrom, validUntil: plan.record.validUntil, verificationUrl: plan.url,
    },
  });
  await pause();
  const fonts = await faceFonts(face, deps.fonts);
  await pause();
  const rendered = await renderLicencePdf({ face, fonts, createdAt: plan.issuedAt, pause });
  await pause();
  try {
    // The first stamp with a seal image decodes the image (kept then): in a turn of its own.
    encodeSealImage(plan.seal.image);
    await pause();
    const stamped = await stampPdf(rendered.pdf, {
      page: 1, rect: rendered.sealRect, image: plan.seal.image, signingTime: plan.issuedAt, signer: plan.seal.signer,
      name: plan.record.issuerName, reason: `${plan.template.definition.name} ${plan.record.identifier}`, fieldName: 'LicenceSeal',
    });
    await pause();
    const ofd = await renderLicenceOfd({
      face, fonts, content: plan.content, issueDate, createdAt: plan.issuedAt, pause,
      docId: plan.record.id.replace(/[^0-9a-zA-Z]/g, '').padEnd(32, '0').slice(0, 32),
      seal: { seal: SESeal.decode(plan.seal.seal), signer: plan.seal.signer },
    });
    return { pdf: stamped.pdf, ofd };
  } catch (e) {
    throw new AppError('ERR_INTERNAL', 'sealing the licence files failed', { cause: e });
  }
}

/** Thrown inside the transaction to roll it back when another request with the same key won. */
class LostRace extends Error {}

/**
 * Writes the licence, its first history entry, its PDF, OFD, signature and content, and (for a new
 * version) supersedes the previous one, all in one transaction. Resolves false, having written
 * nothing, when a licence with the same idempotency key was stored first.
 */
export async function storeIssuance(
  deps: LicenceDeps, plan: IssuancePlan, files: LicenceFiles & { signature: Uint8Array }, actor: LicenceActor,
  supersede?: { previous: LicenceRecord; kind: 'change' | 'renew'; reason: string | null },
): Promise<boolean> {
  const keys = licenceBlobKeys(plan.record.id);
  const at = plan.record.issuedAt;
  try {
    await deps.store.transaction(async (tx: LicenceTransaction) => {
      if (!(await tx.insert(plan.record))) throw new LostRace();
      await tx.addEvent(event(plan.record.id, 1, 'issue', null, 'valid', supersede === undefined ? null : `${supersede.kind}${supersede.reason === null ? '' : `: ${supersede.reason}`}`, at, actor, supersede?.previous.id ?? null));
      await tx.blobs.put(keys.content, 'application/json', plan.canonical);
      await tx.blobs.put(keys.signature, 'application/octet-stream', files.signature);
      await tx.blobs.put(keys.pdf, 'application/pdf', files.pdf);
      await tx.blobs.put(keys.ofd, 'application/ofd', files.ofd);
      if (supersede !== undefined) {
        const prev = supersede.previous;
        if (!(await tx.setStatus(prev.id, 'valid', 'superseded'))) {
          throw invalidField('licenceId', 'not_valid', 'only a valid licence can be changed or renewed; its status changed meanwhile', 'ERR_LICENCE_TRANSITION');
        }
        const seq = (await tx.events(prev.id)).length + 1;
        await tx.addEvent(event(prev.id, seq, 'supersede', 'valid', 'superseded', supersede.reason, at, actor, plan.record.id));
      }
    });
    return true;
  } catch (e) {
    if (e instanceof LostRace) return false;
    throw e;
  }
}

/** A history entry. */
export function event(
  licenceId: string, seq: number, kind: LicenceEvent['kind'], from: LicenceEvent['fromStatus'], to: LicenceEvent['toStatus'],
  reason: string | null, effectiveAt: string, actor: LicenceActor, relatedId: string | null, recordedAt: string = effectiveAt,
): LicenceEvent {
  return { licenceId, seq, kind, fromStatus: from, toStatus: to, reason, effectiveAt, recordedAt, actorId: actor.id, relatedId };
}
