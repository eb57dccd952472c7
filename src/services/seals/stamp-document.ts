// Stamp a PDF or an OFD file with a seal (用章).
// Steps: the clerk is an active account → the seal exists → it belongs to the clerk's own
// organisation → it is active now (not pending, suspended, revoked or past validEnd) → the clerk
// holds a live grant → the session proved a one-time password or L3+ recently enough (else
// step-up) → the input is sane (reason, position, size) → the place: given coordinates, or the
// centre of a keyword (盖章处, the organisation's name) found in the page text, or a cross-page
// seal (骑缝章) cut into one strip per page along the right edges → the seal's signer from the vault →
// the visible seal image and the signature container: by default a GB/T 38540 SES_Signature in
// /Contents over the SM3 of the signed byte ranges; or CMS SignedData by the seal's key carrying
// that SES_Signature as an unsigned attribute → audit with the document's SM3, then record the use
// (record-seal-use.ts: a use never stands without its audit record) → return the stamped PDF.
// A refusal or a failed stamp is audited as such, records no use and stores nothing.
// The kind is told from the bytes: a ZIP that holds OFD.xml is an OFD file, stamped by
// stamp-ofd.ts (places in mm from the page's top-left, the SES_Signature over Signature.xml,
// earlier seals left valid); anything else is read as a PDF.
// Reading and writing the document (placement, the placeholder, the SM3s) run on the deps'
// inspector (stamp-tasks.ts), so a 20 MB file does not hold up this thread; the signer never
// leaves it.
import { SESeal } from '../../crypto/ses/SESeal.ts';
import { signWithSeal } from '../../crypto/ses/sign-with-seal.ts';
import type { Account } from '../../domain/account.ts';
import { SES_SIGNATURE_ATTRIBUTE_OID, pdfPropertyInfo } from '../../domain/seal.ts';
import type { Seal, SealUse, SessionAssurance } from '../../domain/seal.ts';
import type { Signer } from '../../crypto/signer.ts';
import type { SignatureSubFilter } from '../../pdf/prepare.ts';
import { sesContainer } from '../../pdf/ses-container.ts';
import { cmsContainer } from '../../pdf/stamp.ts';
import { isOfdPackage } from '../../ofd/stamp-ofd.ts';
import { fromPdfError } from './pdf-errors.ts';
import { inspectHere } from './inspection-tasks.ts';
import type { DocumentInspector } from './inspection-tasks.ts';
import { actingAccount, auditActor, invalid, newId, reasonText, refuse, requestFacts, requireSeal } from './seal-deps.ts';
import { recordSealUse } from './record-seal-use.ts';
import { auditFailedUse, checkSealUse } from './seal-use-checks.ts';
import type { SealActor, SealDeps } from './seal-deps.ts';
import type { PreparedStamp, StampPlace } from './stamp-tasks.ts';

export interface StampRequest {
  sealId: string;
  /**
   * The document, a PDF or an OFD file. It is taken: with a worker pool, a large one's buffer moves to the pool's
   * thread and is empty here afterwards (pass a copy to keep using it).
   */
  pdf: Uint8Array;
  /**
   * Where the centre of the seal goes: 1-based page, PDF points from the page's lower left; or
   * the centre of a keyword shown on the page (on the first page that shows it without `page`);
   * or a cross-page seal (骑缝章) centred at height `y` on every page, page i of N showing the
   * i-th of N vertical strips at its right edge, so the pages fanned out show the whole seal
   * (one signature; the document needs at least two pages). In an OFD file, x and y are
   * millimetres from the page's top-left corner, y downwards (GB/T 33190's page space).
   */
  at: StampPlace;
  /** Why the document is sealed; recorded in the audit log and written as the signature's /Reason. */
  reason: string;
  /** The session as the identity provider reports it. */
  session: SessionAssurance;
  location?: string;
  /** The signature container: `ses` (GB/T 38540 SES_Signature, the default) or `cms` (adbe.pkcs7.detached). */
  container?: SignatureContainerKind;
}

export type SignatureContainerKind = 'ses' | 'cms';

export interface StampOutcome {
  /** The stamped document (PDF or OFD, as it came). */
  pdf: Buffer;
  kind: 'pdf' | 'ofd';
  use: SealUse;
}

const MM_TO_PT = 72 / 25.4;

/**
 * `b`'s buffer when `b` is large and alone uses all of it (never Buffer's shared pool): handed to
 * a pool thread rather than copied, since copying 20 MB, or paging in the memory for a copy,
 * holds this thread for tens of milliseconds. Smaller arrays are copied.
 */
const movableBuffer = (b: Uint8Array): ArrayBuffer[] =>
  (b.buffer instanceof ArrayBuffer && b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.byteLength >= 64 * 1024 ? [b.buffer] : []);

function checkInput(input: StampRequest, maxBytes: number): void {
  if (!(input.pdf instanceof Uint8Array) || input.pdf.length === 0) invalid('pdf', 'a PDF or OFD file is required');
  if (input.pdf.length > maxBytes) refuse('ERR_PAYLOAD_TOO_LARGE', `the document is larger than ${maxBytes} bytes`);
  const at = (input.at ?? {}) as { page?: number; x?: number; y?: number; keyword?: unknown; crossPage?: { y?: unknown } | null };
  if ('crossPage' in at) {
    if (typeof at.crossPage !== 'object' || at.crossPage === null || !Number.isFinite(at.crossPage.y)) invalid('at.crossPage.y', 'must be a number');
    if (Object.keys(at).length !== 1) invalid('at', 'a cross-page seal takes only its height');
  } else if ('keyword' in at) {
    if (typeof at.keyword !== 'string' || at.keyword.trim().length === 0 || at.keyword.length > 100) invalid('at.keyword', '1 to 100 characters');
    if (at.page !== undefined && (!Number.isInteger(at.page) || at.page < 1)) invalid('at.page', 'must be a page number from 1');
  } else {
    if (!Number.isInteger(at.page) || at.page! < 1) invalid('at.page', 'must be a page number from 1');
    if (!Number.isFinite(at.x) || !Number.isFinite(at.y)) invalid('at', 'x and y must be numbers');
  }
  if (input.container !== undefined && input.container !== 'ses' && input.container !== 'cms') invalid('container', 'must be ses or cms');
  if (input.location !== undefined && (typeof input.location !== 'string' || input.location.length > 200)) invalid('location', 'at most 200 characters');
}

/** What either kind of stamping hands back. */
interface Stamped { pdf: Buffer; digest: Uint8Array; fieldName: string; documentSm3: string; originalSm3: string; place: PreparedStamp['place'] }

/** What either kind of stamping works with. */
interface StampJob {
  runner: DocumentInspector;
  seal: Seal;
  ses: SESeal;
  signer: Signer;
  now: Date;
  reason: string;
  maxBytes: number;
}

const asBuffer = (b: Uint8Array) => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.length));

/** A PDF: the placeholder and appearance, the container signed over the byte ranges, written in. */
async function stampPdf(job: StampJob, input: StampRequest): Promise<Stamped> {
  const { runner, seal, ses, signer, now } = job;
  const container = input.container === 'cms'
    ? cmsContainer({
      signer, signingTime: now,
      // The SES_Signature repeats the seal (with its image) and the signer's certificate.
      extraContentsSize: seal.sesSeal!.length + (signer.certificateChain[0]?.length ?? 0) + 1024,
      unsignedAttributes: async (digest, signed) => {
        const sig = await signWithSeal({ seal: ses, signer, dataHash: digest, propertyInfo: pdfPropertyInfo(signed.byteRange, signed.fieldName), time: now });
        return [{ oid: SES_SIGNATURE_ATTRIBUTE_OID, values: [sig.der] }];
      },
    })
    : sesContainer({ seal: ses, signer, time: now });
  // Reading and writing the document run on the runner; only the signing, which needs the
  // key, runs here.
  const prepared = await runner.run('prepareStamp', {
    pdf: input.pdf, at: input.at, width: seal.widthMm * MM_TO_PT, height: seal.heightMm * MM_TO_PT,
    image: seal.image!, signingTime: now, name: seal.name, reason: job.reason, ...(input.location === undefined ? {} : { location: input.location }),
    maxBytes: job.maxBytes, subFilter: container.subFilter as SignatureSubFilter, contentsSize: container.size,
  }, movableBuffer(input.pdf));
  const der = await container.build(prepared.digest, { byteRange: prepared.byteRange, fieldName: prepared.fieldName });
  const done = await runner.run('finishStamp', { pdf: prepared.pdf, byteRange: prepared.byteRange, container: der }, movableBuffer(prepared.pdf));
  return {
    pdf: asBuffer(done.pdf), digest: prepared.digest, fieldName: prepared.fieldName,
    documentSm3: done.documentSm3, originalSm3: prepared.originalSm3, place: prepared.place,
  };
}

/** An OFD file: Signature.xml planned, the SES_Signature over its SM3, the package written again. */
async function stampOfd(job: StampJob, input: StampRequest): Promise<Stamped> {
  const { runner, seal, ses, signer, now } = job;
  const plan = await runner.run('planOfdStamp', {
    ofd: input.pdf, at: input.at, width: seal.widthMm, height: seal.heightMm, time: now, provider: 'yinxin', maxBytes: job.maxBytes,
  });
  // GB/T 38540 (OFD): dataHash is SM3 of Signature.xml; propertyInfo names that file.
  const sig = await signWithSeal({ seal: ses, signer, time: now, dataHash: plan.digest, propertyInfo: `/${plan.signatureXmlPath}` });
  const done = await runner.run('writeOfdStamp', { ofd: input.pdf, plan, signedValue: sig.der, time: now, maxBytes: job.maxBytes }, movableBuffer(input.pdf));
  return {
    pdf: asBuffer(done.ofd), digest: plan.digest, fieldName: plan.signatureXmlPath,
    documentSm3: done.documentSm3, originalSm3: plan.originalSm3, place: plan.place,
  };
}

export async function stampDocument(deps: SealDeps & { inspector?: DocumentInspector }, input: StampRequest, actor: SealActor): Promise<StampOutcome> {
  let clerk: Account | undefined;
  try {
    clerk = await actingAccount(deps, actor);
    const seal = await requireSeal(deps, input?.sealId);
    const now = deps.clock.now();
    await checkSealUse(deps, clerk, seal, input.session);
    const reason = reasonText(input.reason);
    checkInput(input, deps.settings.maxPdfBytes);
    if (seal.keyId === null || seal.sesSeal === null || seal.image === null) refuse('ERR_SEAL_NOT_ACTIVE', 'the seal has not been made', { sealId: seal.id });

    const signer = await deps.vault.signerFor(seal.keyId);
    const ses = SESeal.decode(seal.sesSeal);
    const runner = deps.inspector ?? inspectHere;
    const kind = isOfdPackage(input.pdf) ? 'ofd' as const : 'pdf' as const;
    if (kind === 'ofd' && input.container === 'cms') invalid('container', 'an OFD file takes the SES signature only');
    let stamped: Stamped;
    try {
      const job = { runner, seal, ses, signer, now, reason, maxBytes: deps.settings.maxPdfBytes };
      stamped = kind === 'ofd' ? await stampOfd(job, input) : await stampPdf(job, input);
    } catch (e) {
      throw fromPdfError(e);
    }
    // The audit names the page, or says the seal runs across every page.
    const page = stamped.place === null ? { crossPage: true } : { page: stamped.place.page };

    const use: SealUse = {
      id: newId('use'), sealId: seal.id, accountId: clerk.id, at: now.toISOString(),
      documentSm3: stamped.documentSm3, signedDigest: Buffer.from(stamped.digest).toString('hex'),
      reason, fieldName: stamped.fieldName,
    };
    await recordSealUse(deps, use, {
      actor: auditActor(clerk), action: 'seal.use', object: seal.id, outcome: 'success', ...requestFacts(actor),
      details: {
        useId: use.id, sealCode: seal.code, documentSm3: use.documentSm3, signedDigest: use.signedDigest, originalSm3: stamped.originalSm3,
        reason, kind, ...page, fieldName: use.fieldName, acr: input.session.acr, amr: [...input.session.amr],
      },
    });
    return { pdf: stamped.pdf, kind, use };
  } catch (e) {
    await auditFailedUse(deps, input?.sealId, clerk, actor, e);
    throw e;
  }
}
