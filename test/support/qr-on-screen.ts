// Reads a QR code shown in a browser page as a phone camera would: the pixels of the <img> with
// the given id, drawn onto a canvas in the page and decoded by jsQR.
import jsQRModule from 'jsqr';
import type { Page } from 'playwright-core';

// jsQR is CommonJS: Node hands over `module.exports`, whose `default` is the decoder.
const jsQR = jsQRModule.default;

/** The text of the QR code in the image `#imageId` of `page`; throws when none can be read. */
export async function qrOnScreen(page: Page, imageId: string): Promise<string> {
  // A string, so that the test code needs no DOM types.
  const { width, height, rgba } = await page.evaluate(`(() => {
    const img = document.getElementById(${JSON.stringify(imageId)});
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const g = canvas.getContext('2d');
    g.drawImage(img, 0, 0);
    return { width: canvas.width, height: canvas.height, rgba: Array.from(g.getImageData(0, 0, canvas.width, canvas.height).data) };
  })()`) as { width: number; height: number; rgba: number[] };
  const found = jsQR(new Uint8ClampedArray(rgba), width, height);
  if (!found) throw new Error('no QR code on the screen');
  return found.data;
}
