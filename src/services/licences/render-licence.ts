// The PDF of a licence (before sealing), drawn from its laid-out face (licence-face.ts).
// Steps: page of the face's size → embed the face's regular and bold font subsets (face-fonts.ts,
// shared with the OFD) → draw each item (frames, text lines, photos) → the QR code as filled
// squares from its module matrix → save.
// The seal is not drawn here: stamping puts the seal image at the face's seal square as the
// visible appearance of the PDF signature, so the picture and the signature cannot part.
import { deflateSync } from 'node:zlib';
import {
  PDFContentStream, PDFDocument, PDFName, PDFRawStream, concatTransformationMatrix, degrees, drawText, fill, popGraphicsState,
  pushGraphicsState, rectangle, rgb, setFillingRgbColor,
} from 'pdf-lib';
import type { PDFOperator, PDFPage, RGB } from 'pdf-lib';
import type { FaceFonts } from './face-fonts.ts';
import type { LicenceFace, LicenceFontBytes } from './licence-face.ts';
import { qrRuns } from './licence-face.ts';
import { paddedSubsetFontkit } from './licence-fontkit.ts';
import type { Shaper } from './licence-fontkit.ts';
import { embedFaceFont } from './licence-pdf-font.ts';

export { chineseDate } from './licence-face.ts';
export type { LicencePrintValues } from './licence-face.ts';

/** Input to {@link renderLicencePdf}. */
export interface RenderLicenceInput {
  readonly face: LicenceFace;
  /** The face's font subsets (face-fonts.ts), shared with the OFD. */
  readonly fonts: FaceFonts;
  /** Written as the document's creation date. */
  readonly createdAt: Date;
  /**
   * Called between steps: a licence takes some tens of ms to draw, and the first of a process,
   * shaping every text cold, over 100 ms; a caller gives the thread back in between.
   */
  readonly pause?: () => Promise<void>;
}

/** The rendered PDF and where, in PDF points, the seal goes. */
export interface RenderedLicence {
  readonly pdf: Uint8Array;
  /** [x1, y1, x2, y2] in points from the bottom-left, for the seal appearance. */
  readonly sealRect: [number, number, number, number];
}

const PT_PER_MM = 72 / 25.4;
const pt = (mm: number): number => mm * PT_PER_MM;
const ITEMS_PER_TURN = 8;

function colour(hex: string): RGB {
  const n = Number.parseInt(hex.slice(1), 16);
  return rgb(((n >> 16) & 0xff) / 255, ((n >> 8) & 0xff) / 255, (n & 0xff) / 255);
}

/**
 * The QR code: a white square, then its dark modules as rectangles of horizontal runs, in module
 * units (whole numbers, y downwards) under one transformation to the code's square.
 */
function drawQr(page: PDFPage, face: LicenceFace): void {
  const { qr } = face;
  const side = pt(qr.size);
  const scale = side / (qr.modules + 2 * qr.quietZone);
  const top = page.getHeight() - pt(qr.y);
  page.drawRectangle({ x: pt(qr.x), y: top - side, width: side, height: side, color: rgb(1, 1, 1) });
  const z = qr.quietZone;
  const ops: PDFOperator[] = [pushGraphicsState(), concatTransformationMatrix(scale, 0, 0, -scale, pt(qr.x), top), setFillingRgbColor(0, 0, 0)];
  for (const r of qrRuns(qr)) ops.push(rectangle(r.col + z, r.row + z, r.length, 1));
  ops.push(fill(), popGraphicsState());
  page.pushOperators(...ops);
}

/** Renders the unsealed licence PDF. */
export async function renderLicencePdf(input: RenderLicenceInput): Promise<RenderedLicence> {
  const { face } = input;
  const doc = await PDFDocument.create({ updateMetadata: false });
  // pdf-lib compresses streams in JavaScript (pako); Node's zlib gives the same Flate format
  // natively, several times faster.
  doc.context.flateStream = (contents, dict = {}) => doc.context.stream(deflateSync(contents), { ...dict, Filter: 'FlateDecode' });
  doc.setTitle(face.title);
  doc.setProducer('yinxin');
  doc.setCreationDate(input.createdAt);
  doc.setModificationDate(input.createdAt);
  const page = doc.addPage([pt(face.width), pt(face.height)]);
  const height = page.getHeight();
  const fonts = { regular: embedFaceFont(doc, input.fonts.regular), bold: embedFaceFont(doc, input.fonts.bold) };
  const fontKeys = { regular: page.node.newFontDictionary('F', fonts.regular.ref), bold: page.node.newFontDictionary('F', fonts.bold.ref) };
  const upright = degrees(0);

  let drawn = 0;
  for (const item of face.items) {
    switch (item.kind) {
      case 'frame':
        page.drawRectangle({
          x: pt(item.x), y: height - pt(item.y + item.height), width: pt(item.width), height: pt(item.height),
          borderColor: colour(item.color), borderWidth: item.thickness,
        });
        break;
      case 'text':
        page.pushOperators(...drawText(fonts[item.weight].encode(item.text), {
          x: pt(item.x), y: height - pt(item.baseline), size: item.size, font: fontKeys[item.weight], color: colour(item.color),
          rotate: upright, xSkew: upright, ySkew: upright,
        }));
        break;
      case 'image': {
        const image = item.format === 'png' ? await doc.embedPng(item.bytes) : await doc.embedJpg(item.bytes);
        page.drawImage(image, { x: pt(item.x), y: height - pt(item.y + item.height), width: pt(item.width), height: pt(item.height) });
        break;
      }
    }
    if (++drawn % ITEMS_PER_TURN === 0) await input.pause?.();
  }

  drawQr(page, face);
  await input.pause?.();

  const s = face.seal;
  const sealRect: [number, number, number, number] = [pt(s.x), height - pt(s.y + s.size), pt(s.x + s.size), height - pt(s.y)];
  // pdf-lib compresses page content streams with pako as it writes them, which took longer than
  // laying the page out: once every asset is embedded, each such stream is replaced by the same
  // Flate data from node:zlib.
  await doc.flush();
  for (const [ref, obj] of doc.context.enumerateIndirectObjects()) {
    if (obj instanceof PDFContentStream && obj.dict.get(PDFName.of('Filter')) === PDFName.of('FlateDecode')) {
      doc.context.assign(ref, PDFRawStream.of(obj.dict.clone(doc.context), deflateSync(obj.getUnencodedContents())));
    }
  }
  const pdf = await doc.save({ useObjectStreams: false });
  return { pdf, sealRect };
}

/**
 * Parses the licence fonts and shapes a first run with each, a step per turn of the event loop
 * (`pause` between steps), so that the first licence rendered by a process does not hold its
 * thread for all of that at once.
 */
export async function warmLicenceFonts(fonts: LicenceFontBytes, pause: () => Promise<void>): Promise<void> {
  for (const data of [fonts.regular, fonts.bold]) {
    const font = paddedSubsetFontkit.create(data) as unknown as Shaper;
    await pause();
    font.layout('营业执照统一社会信用代码');
    await pause();
  }
}
