// Stamp a PDF with a seal (用章).
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
import { SESeal } from '../../crypto/ses/SESeal.ts';
import { signWithSeal } from '../../crypto/ses/sign-with-seal.ts';
import { isCryptoError } from '../../crypto/errors.ts';
import { sm3 } from '../../crypto/sm3.ts';
import type { Account } from '../../domain/account.ts';
import { AppError } from '../../domain/errors.ts';
import type { ErrorCode } from '../../domain/errors.ts';
import { SES_SIGNATURE_ATTRIBUTE_OID, pdfPropertyInfo } from '../../domain/seal.ts';
import type { SealUse, SessionAssurance } from '../../domain/seal.ts';
import { findKeyword } from '../../pdf/find-text.ts';
import { sesContainer } from '../../pdf/ses-container.ts';
import { stampPdf, stampPdfWith } from '../../pdf/stamp.ts';
import { actingAccount, auditActor, invalid, newId, reasonText, refuse, requestFacts, requireSeal } from './seal-deps.ts';
import { recordSealUse } from './record-seal-use.ts';
import { auditFailedUse, checkSealUse } from './seal-use-checks.ts';
import type { SealActor, SealDeps } from './seal-deps.ts';

export interface StampRequest {
  sealId: string;
  pdf: Uint8Array;
  /**
   * Where the centre of the seal goes: 1-based page, PDF points from the page's lower left; or
   * the centre of a keyword shown on the page (on the first page that shows it without `page`);
   * or a cross-page seal (骑缝章) centred at height `y` on every page, page i of N showing the
   * i-th of N vertical strips at its right edge, so the pages fanned out show the whole seal
   * (one signature; the document needs at least two pages).
   */
  at: { page: number; x: number; y: number } | { page?: number; keyword: string } | { crossPage: { y: number } };
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
  pdf: Buffer;
  use: SealUse;
}

const MM_TO_PT = 72 / 25.4;

/** PDF-layer failures as the service's codes: the document's fault, the placement's, or ours. */
export function fromPdfError(e: unknown): unknown {
  if (!isCryptoError(e)) return e;
  const to = (code: ErrorCode) => new AppError(code, e.message, { cause: e, details: { reason: e.code } });
  switch (e.code) {
    case 'ERR_PDF_NOT_PDF': case 'ERR_PDF_MALFORMED': case 'ERR_PDF_ENCRYPTED': return to('ERR_DOCUMENT_INVALID');
    case 'ERR_PDF_TOO_LARGE': return to('ERR_PAYLOAD_TOO_LARGE');
    case 'ERR_PDF_BUDGET': return to('ERR_DOCUMENT_TOO_COMPLEX');
    case 'ERR_PDF_PAGE_RANGE': case 'ERR_PDF_RECT_RANGE': return to('ERR_PLACEMENT_INVALID');
    case 'ERR_PDF_KEYWORD_NOT_FOUND': return to('ERR_KEYWORD_NOT_FOUND');
    case 'ERR_PDF_TOO_FEW_PAGES': return to('ERR_CROSS_PAGE_TOO_FEW_PAGES');
    case 'ERR_PDF_BAD_OPTIONS': return to('ERR_VALIDATION');
    default: return to('ERR_INTERNAL');
  }
}

/** The keyword's centre, moved just enough for a `w` × `h` seal to stay on the page. */
function keywordPlace(pdf: Uint8Array, at: { page?: number; keyword: string }, w: number, h: number, maxBytes: number) {
  const found = findKeyword(pdf, at.keyword, { ...(at.page === undefined ? {} : { page: at.page }), maxBytes });
  const [x1, y1, x2, y2] = found.mediaBox;
  const clamp = (v: number, lo: number, hi: number) => (lo > hi ? v : Math.min(Math.max(v, lo), hi));
  return { page: found.page, x: clamp(found.x, x1 + w / 2, x2 - w / 2), y: clamp(found.y, y1 + h / 2, y2 - h / 2) };
}

function checkInput(input: StampRequest, maxBytes: number): void {
  if (!(input.pdf instanceof Uint8Array) || input.pdf.length === 0) invalid('pdf', 'a PDF is required');
  if (input.pdf.length > maxBytes) refuse('ERR_PAYLOAD_TOO_LARGE', `the PDF is larger than ${maxBytes} bytes`);
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

export async function stampDocument(deps: SealDeps, input: StampRequest, actor: SealActor): Promise<StampOutcome> {
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
    const w = seal.widthMm * MM_TO_PT;
    const h = seal.heightMm * MM_TO_PT;
    let place: { page: number; x: number; y: number } | undefined;
    try {
      if ('keyword' in input.at) place = keywordPlace(input.pdf, input.at, w, h, deps.settings.maxPdfBytes);
      else if (!('crossPage' in input.at)) place = input.at;
    } catch (e) {
      throw fromPdfError(e);
    }
    const where = place === undefined
      ? { crossPage: { y: (input.at as { crossPage: { y: number } }).crossPage.y - h / 2, width: w, height: h } }
      : { page: place.page, rect: [place.x - w / 2, place.y - h / 2, place.x + w / 2, place.y + h / 2] as const };
    // The audit names the page, or says the seal runs across every page.
    const page = place === undefined ? { crossPage: true } : { page: place.page };
    const placement = {
      ...where, image: seal.image, signingTime: now,
      name: seal.name, reason, ...(input.location === undefined ? {} : { location: input.location }),
      maxBytes: deps.settings.maxPdfBytes,
    };
    let stamped: { pdf: Buffer; digest: Uint8Array; fieldName: string };
    try {
      stamped = input.container === 'cms'
        ? await stampPdf(input.pdf, {
          ...placement, signer,
          // The SES_Signature repeats the seal (with its image) and the signer's certificate.
          extraContentsSize: seal.sesSeal.length + (signer.certificateChain[0]?.length ?? 0) + 1024,
          unsignedAttributes: async (digest, signed) => {
            const sig = await signWithSeal({ seal: ses, signer, dataHash: digest, propertyInfo: pdfPropertyInfo(signed.byteRange, signed.fieldName), time: now });
            return [{ oid: SES_SIGNATURE_ATTRIBUTE_OID, values: [sig.der] }];
          },
        })
        : await stampPdfWith(input.pdf, { ...placement, container: sesContainer({ seal: ses, signer, time: now }) });
    } catch (e) {
      throw fromPdfError(e);
    }

    const use: SealUse = {
      id: newId('use'), sealId: seal.id, accountId: clerk.id, at: now.toISOString(),
      documentSm3: Buffer.from(sm3(stamped.pdf)).toString('hex'), signedDigest: Buffer.from(stamped.digest).toString('hex'),
      reason, fieldName: stamped.fieldName,
    };
    await recordSealUse(deps, use, {
      actor: auditActor(clerk), action: 'seal.use', object: seal.id, outcome: 'success', ...requestFacts(actor),
      details: {
        useId: use.id, sealCode: seal.code, documentSm3: use.documentSm3, signedDigest: use.signedDigest, originalSm3: Buffer.from(sm3(input.pdf)).toString('hex'),
        reason, ...page, fieldName: use.fieldName, acr: input.session.acr, amr: [...input.session.amr],
      },
    });
    return { pdf: stamped.pdf, use };
  } catch (e) {
    await auditFailedUse(deps, input?.sealId, clerk, actor, e);
    throw e;
  }
}
