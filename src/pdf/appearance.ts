/**
 * The visible seal: the PNG as an image XObject (with its alpha as a soft mask, so the paper
 * shows through), drawn by a form XObject that becomes the widget's normal appearance. The
 * image keeps its aspect ratio and is centred in the rectangle.
 */
import type { IncrementalUpdate } from './incremental-update.ts';
import type { PdfRef } from './objects.ts';
import { dict, name } from './objects.ts';
import { encodeSealImage } from './seal-image.ts';
import { numberText } from './serialize.ts';

function imageStream(width: number, height: number, colorSpace: string, deflated: Uint8Array, smask?: PdfRef) {
  const d = dict({
    Type: name('XObject'), Subtype: name('Image'), Width: width, Height: height,
    ColorSpace: name(colorSpace), BitsPerComponent: 8, Filter: name('FlateDecode'),
  });
  if (smask !== undefined) d.entries.set('SMask', smask);
  return { kind: 'stream' as const, dict: d, data: deflated };
}

/** The seal's image XObject (with its soft mask) and its size in pixels. */
function addSealImage(update: IncrementalUpdate, png: Uint8Array): { image: PdfRef; width: number; height: number } {
  const img = encodeSealImage(png);
  const smask = img.alpha === undefined ? undefined : update.add(imageStream(img.width, img.height, 'DeviceGray', img.alpha));
  return { image: update.add(imageStream(img.width, img.height, 'DeviceRGB', img.rgb, smask)), width: img.width, height: img.height };
}

/** The image's placement `[w, h, x, y]`: aspect ratio kept, centred in `width` × `height`. */
function fit(img: { width: number; height: number }, width: number, height: number): [number, number, number, number] {
  const scale = Math.min(width / img.width, height / img.height);
  const w = img.width * scale;
  const h = img.height * scale;
  return [w, h, (width - w) / 2, (height - h) / 2];
}

function addForm(update: IncrementalUpdate, image: PdfRef, width: number, height: number, content: string): PdfRef {
  return update.add({
    kind: 'stream',
    dict: dict({
      Type: name('XObject'), Subtype: name('Form'), BBox: [0, 0, width, height],
      Resources: dict({ XObject: dict({ Im0: image }) }),
    }),
    data: Buffer.from(content, 'latin1'),
  });
}

/**
 * Adds the image and its appearance form for a `width` × `height` point widget to `update`;
 * returns the form's reference. Throws ERR_PDF_BAD_IMAGE for an unusable PNG.
 */
export function addSealAppearance(update: IncrementalUpdate, png: Uint8Array, width: number, height: number): PdfRef {
  const img = addSealImage(update, png);
  const [w, h, x, y] = fit(img, width, height);
  return addForm(update, img.image, width, height, `q ${numberText(w)} 0 0 ${numberText(h)} ${numberText(x)} ${numberText(y)} cm /Im0 Do Q\n`);
}

/**
 * A cross-page seal (骑缝章): the seal fitted into `width` × `height` points, cut into `strips`
 * vertical strips of equal width, one appearance form per strip, left to right. Every form
 * draws the whole image shifted left by the strips before it and clipped to its own strip, so
 * the image is embedded once and never re-encoded; the clip is explicit rather than left to the
 * form's /BBox because some viewers draw beyond the box. Throws ERR_PDF_BAD_IMAGE.
 */
export function addCrossPageAppearances(update: IncrementalUpdate, png: Uint8Array, width: number, height: number, strips: number): PdfRef[] {
  const img = addSealImage(update, png);
  const [w, h, x, y] = fit(img, width, height);
  const strip = width / strips;
  const forms: PdfRef[] = [];
  for (let i = 0; i < strips; i++) {
    const content = `q 0 0 ${numberText(strip)} ${numberText(height)} re W n `
      + `${numberText(w)} 0 0 ${numberText(h)} ${numberText(x - i * strip)} ${numberText(y)} cm /Im0 Do Q\n`;
    forms.push(addForm(update, img.image, strip, height, content));
  }
  return forms;
}
