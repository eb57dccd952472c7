// The picture of a licence face: drawn from what was issued, with the seal that signed it. Read
// back as a person would see it: rasterised (resvg), its QR code decodes to the licence's
// verification URL and the seal's red shows in the seal square; nothing in it can run or fetch.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import jsQRModule from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueLicence } from '../../../src/services/licences/issue-licence.ts';
import { readLicenceFace } from '../../../src/services/licences/read-licence-face.ts';
import { verificationUrl } from '../../../src/services/licences/licence-deps.ts';
import { sqlBackends } from '../../support/sql-backends.ts';
import { templateRequests } from '../../ofd/licence-requests.ts';
import { ISSUER, makeLicenceKit } from './licence-kit.ts';
import type { LicenceKit } from './licence-kit.ts';

const jsQR = jsQRModule.default;
const STAFF = { id: 's_officer', kind: 'staff' } as const;
const WIDTH_PX = 1240;

function raster(svg: string): { width: number; height: number; rgba: Uint8ClampedArray } {
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: WIDTH_PX }, font: { loadSystemFonts: false } }).render();
  return { width: png.width, height: png.height, rgba: new Uint8ClampedArray(png.pixels) };
}

describe('licence face picture', () => {
  const backend = sqlBackends[0]!;
  let db: Awaited<ReturnType<typeof backend.open>>;
  let kit: LicenceKit;
  beforeAll(async () => {
    db = await backend.open();
    kit = await makeLicenceKit(db.knex);
  }, 60_000);
  afterAll(async () => db.cleanup());

  for (const req of templateRequests()) {
    it(`${req.typeCode}: the QR code reads back as the verification URL, the seal is printed, and nothing is active`, async () => {
      const issued = await issueLicence(kit.deps, { typeCode: req.typeCode, issuer: ISSUER, data: req.data }, STAFF);
      const licence = (await kit.deps.store.findById(issued.licence.id))!;
      const { svg } = await readLicenceFace(kit.deps, licence);
      mkdirSync('test-artifacts', { recursive: true });
      writeFileSync(join('test-artifacts', `licence-face-${req.typeCode}.svg`), svg);
      expect(svg).not.toMatch(/<script|<foreignObject|href="(?!#|data:image\/(png|jpeg);base64,)/i);
      expect(svg).not.toMatch(/<text/);
      const template = kit.deps.templates.get(req.typeCode)!;
      const img = raster(svg);
      const pxPerMm = img.width / Number(/viewBox="0 0 ([\d.]+)/.exec(svg)![1]);
      const qr = jsQR(img.rgba, img.width, img.height);
      expect(qr?.data).toBe(verificationUrl(kit.deps.publicUrl, licence.handle));
      // Red ink in the seal's square, and none there when the seal image is left out.
      const seal = template.layout.seal;
      const red = (pixels: Uint8ClampedArray) => {
        let n = 0;
        for (let y = Math.floor(seal.y * pxPerMm); y < (seal.y + seal.size) * pxPerMm; y++) {
          for (let x = Math.floor(seal.x * pxPerMm); x < (seal.x + seal.size) * pxPerMm; x++) {
            const i = (y * img.width + x) * 4;
            if (pixels[i]! > 150 && pixels[i + 1]! < 100 && pixels[i + 2]! < 100) n++;
          }
        }
        return n;
      };
      expect(red(img.rgba)).toBeGreaterThan(500);
      const withoutSeal = svg.replace(/<image[^>]*opacity="0.9"[^>]*\/>/, '');
      expect(withoutSeal).not.toBe(svg);
      expect(red(raster(withoutSeal).rgba)).toBe(0);
    });
  }
});
