// The pure, CPU-heavy part of checking an uploaded document, as tasks a TaskRunner may run on
// another thread: a sealed PDF's signatures with their SES checks and the file's SM3, a sealed
// OFD's signatures, one page of a PDF for the stamping preview, and the document halves of
// stamping (stamp-tasks.ts; the signing between them stays with the key). Inputs and results are
// plain data. Registry look-ups and anything else with I/O stay with the callers.
import { verifyOfd } from '../../crypto/ofd/verify-ofd.ts';
import type { OfdVerificationResult } from '../../crypto/ofd/verify-ofd.ts';
import type { SesVerificationResult } from '../../crypto/ses/index.ts';
import { verifySesSignature } from '../../crypto/ses/verify/verify-ses-signature.ts';
import { sm3 } from '../../crypto/sm3.ts';
import { SES_SIGNATURE_ATTRIBUTE_OID } from '../../domain/seal.ts';
import { byteRangeDigest } from '../../pdf/byte-range.ts';
import { verifyPdfSignatures } from '../../pdf/verify.ts';
import type { PdfSignatureResult } from '../../pdf/verify.ts';
import type { TaskRunner } from '../../ports/task-runner.ts';
import { previewPage } from './preview-page.ts';
import { stampTasks } from './stamp-tasks.ts';
import type { VerificationTrust } from './verification-trust.ts';

export interface SealedFileInput {
  bytes: Uint8Array;
  trust: VerificationTrust;
  /** The validation time of the SES checks (now). */
  at: Date;
  maxBytes: number;
}

export interface SealedPdfInspection {
  signatures: { pdf: PdfSignatureResult; ses: SesVerificationResult | null }[];
  /** Lower-case hex SM3 of the whole file. */
  documentSm3: string;
}

/** The SES_Signature of a PDF signature: its container, or an unsigned attribute of its CMS. */
function sesOf(r: PdfSignatureResult): Uint8Array | undefined {
  return r.sesSignature ?? r.unsignedAttributes.get(SES_SIGNATURE_ATTRIBUTE_OID)?.[0];
}

/** Every PDF signature and its SES_Signature checked; PdfErrors (ERR_PDF_BUDGET among them) are thrown. */
export function inspectSealedPdf(input: SealedFileInput): SealedPdfInspection {
  const { bytes, trust, at } = input;
  // Revocation is judged at the signing time by the PDF layer, the SES check and the registry
  // alike: a seal revoked after signing does not undo earlier use, one revoked before does.
  const results = verifyPdfSignatures(bytes, { anchors: trust.anchors, intermediates: trust.intermediates, crls: trust.crls, maxBytes: input.maxBytes });
  const digests = new Map<string, Uint8Array>();
  const signatures = results.map((pdf) => {
    const der = sesOf(pdf);
    if (der === undefined) return { pdf, ses: null };
    let dataHash: Uint8Array | undefined;
    if (pdf.byteRange !== undefined) {
      const key = pdf.byteRange.join(',');
      dataHash = digests.get(key) ?? byteRangeDigest(bytes, pdf.byteRange);
      digests.set(key, dataHash);
    }
    const ses = verifySesSignature({
      signature: der, anchors: trust.anchors, intermediates: trust.intermediates, crls: trust.crls, at,
      ...(dataHash === undefined ? {} : { dataHash }),
    });
    return { pdf, ses };
  });
  return { signatures, documentSm3: Buffer.from(sm3(bytes)).toString('hex') };
}

/** Every OFD signature checked; CryptoErrors are thrown. */
export function inspectSealedOfd(input: SealedFileInput): OfdVerificationResult & { documentSm3: string } {
  const { bytes, trust, at } = input;
  const result = verifyOfd(bytes, { anchors: trust.anchors, intermediates: trust.intermediates, crls: trust.crls, at });
  return { ...result, documentSm3: Buffer.from(sm3(bytes)).toString('hex') };
}

export const inspectionTasks = {
  sealedPdf: inspectSealedPdf,
  sealedOfd: inspectSealedOfd,
  previewPage: (input: { pdf: Uint8Array; page: number; maxBytes: number }) => previewPage(input, input.maxBytes),
  ...stampTasks,
};

export type InspectionTasks = typeof inspectionTasks;

/** Runs the inspection tasks; the composition root picks a worker pool. */
export type DocumentInspector = TaskRunner<InspectionTasks>;

/** The tasks on the calling thread: for tests and the offline command line. */
export const inspectHere: DocumentInspector = {
  run: async (task, input) => (inspectionTasks[task] as (i: typeof input) => never)(input),
  close: async () => undefined,
};
