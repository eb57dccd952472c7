/**
 * The visible seal: the PNG as an image XObject (with its alpha as a soft mask, so the paper
 * shows through), drawn by a form XObject that becomes the widget's normal appearance. The
 * image keeps its aspect ratio and is centred in the rectangle.
 */
import { deflateSync } from 'node:zlib';
import type { IncrementalUpdate } from './incremental-update.ts';
import type { PdfRef } from './objects.ts';
import { dict, name } from './objects.ts';
import { decodePng } from './png.ts';
import { numberText } from './serialize.ts';

function imageStream(width: number, height: number, colorSpace: string, data: Uint8Array, smask?: PdfRef) {
  const d = dict({
    Type: name('XObject'), Subtype: name('Image'), Width: width, Height: height,
    ColorSpace: name(colorSpace), BitsPerComponent: 8, Filter: name('FlateDecode'),
  });
  if (smask !== undefined) d.entries.set('SMask', smask);
  return { kind: 'stream' as const, dict: d, data: deflateSync(data) };
}

/**
 * Adds the image and its appearance form for a `width` × `height` point widget to `update`;
 * returns the form's reference. Throws ERR_PDF_BAD_IMAGE for an unusable PNG.
 */
export function addSealAppearance(update: IncrementalUpdate, png: Uint8Array, width: number, height: number): PdfRef {
  const img = decodePng(png);
  const smask = img.alpha === undefined ? undefined : update.add(imageStream(img.width, img.height, 'DeviceGray', img.alpha));
  const image = update.add(imageStream(img.width, img.height, 'DeviceRGB', img.rgb, smask));
  const scale = Math.min(width / img.width, height / img.height);
  const w = img.width * scale;
  const h = img.height * scale;
  const x = (width - w) / 2;
  const y = (height - h) / 2;
  const content = `q ${numberText(w)} 0 0 ${numberText(h)} ${numberText(x)} ${numberText(y)} cm /Im0 Do Q\n`;
  return update.add({
    kind: 'stream',
    dict: dict({
      Type: name('XObject'), Subtype: name('Form'), BBox: [0, 0, width, height],
      Resources: dict({ XObject: dict({ Im0: image }) }),
    }),
    data: Buffer.from(content, 'latin1'),
  });
}
