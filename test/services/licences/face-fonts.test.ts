// A licence's two files share its font subsets: the PDF's embedded fonts are, byte for byte, the
// OFD's font files, and poppler finds each line of the PDF where the face put it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openZip } from '../../../src/crypto/ofd/zip-reader.ts';
import { planIssuance, renderAndSeal } from '../../../src/services/licences/issuance-steps.ts';
import { layoutLicence } from '../../../src/services/licences/licence-face.ts';
import type { FaceText } from '../../../src/services/licences/licence-face.ts';
import { chinaDay } from '../../../src/services/licences/licence-deps.ts';
import { sqlBackends } from '../../support/sql-backends.ts';
import { skipWithout } from '../../support/tools.ts';
import { BUSINESS, businessData, ISSUER, makeLicenceKit } from './licence-kit.ts';

const noPoppler = skipWithout('licence PDF text positions read by pdftotext', 'pdftotext');
const STAFF = { id: 's_officer', kind: 'staff' } as const;
const PT_PER_MM = 72 / 25.4;

/** The decoded FontFile2 streams of a PDF written without object streams. */
function pdfFontFiles(pdf: Uint8Array): Buffer[] {
  const text = Buffer.from(pdf).toString('latin1');
  const out: Buffer[] = [];
  for (const m of text.matchAll(/<<[^>]*\/Length1 \d+[^>]*>>\s*stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const length = Number(/\/Length (\d+)/.exec(m[0])![1]);
    out.push(inflateSync(Buffer.from(pdf.subarray(start, start + length))));
  }
  return out;
}

describe('a licence face drawn as PDF and OFD', () => {
  const sqlite = sqlBackends[0]!;
  let db: Awaited<ReturnType<typeof sqlite.open>>;
  let files: { pdf: Uint8Array; ofd: Uint8Array };
  let lines: FaceText[];

  beforeAll(async () => {
    db = await sqlite.open();
    const kit = await makeLicenceKit(db.knex, { sealFiles: true });
    const plan = await planIssuance(kit.deps, { typeCode: BUSINESS, issuer: ISSUER, data: businessData({ name: '杭州𠀾字测试科技有限公司' }) }, { idempotencyKey: null, requestSm3: null, actor: STAFF });
    files = await renderAndSeal(kit.deps, plan);
    const face = layoutLicence({
      template: plan.template, data: plan.data, fonts: kit.deps.fonts,
      values: { identifier: plan.record.identifier, issuerName: plan.record.issuerName, issueDate: chinaDay(plan.issuedAt), validFrom: plan.record.validFrom, validUntil: plan.record.validUntil, verificationUrl: plan.url },
    });
    lines = face.items.filter((i): i is FaceText => i.kind === 'text');
  });
  afterAll(async () => {
    await db.cleanup();
  });

  it('embeds in the PDF exactly the font files of the OFD', () => {
    const zip = openZip(files.ofd);
    const ofdFonts = [...zip.entries.keys()].filter((p) => p.endsWith('.ttf')).map((p) => Buffer.from(zip.read(p)!));
    const pdfFonts = pdfFontFiles(files.pdf);
    expect(ofdFonts).toHaveLength(2);
    expect(pdfFonts).toHaveLength(2);
    expect(pdfFonts.map((b) => b.toString('hex')).sort()).toEqual(ofdFonts.map((b) => b.toString('hex')).sort());
  });

  it.skipIf(noPoppler)('puts each line of text where the face placed it, and its text reads back, a character outside the BMP included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'face-fonts-'));
    try {
      writeFileSync(join(dir, 'l.pdf'), files.pdf);
      const html = execFileSync('pdftotext', ['-bbox', join(dir, 'l.pdf'), '-'], { encoding: 'utf8' });
      const words = [...html.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)]
        .map((m) => ({ x: Number(m[1]), xMax: Number(m[2]), yMax: Number(m[3]), text: m[4]! }));
      // U+2003E is not in the test font (it prints as .notdef), but the ToUnicode map still gives it back as a surrogate pair.
      expect(words.map((w) => w.text).join('')).toContain('杭州𠀾字测试科技有限公司');
      let checked = 0;
      for (const line of lines) {
        const first = line.text.split(/\s/)[0]!; // pdftotext splits words at spaces, U+3000 included
        if (first.length < 2) continue;
        const word = words.find((w) => w.text === first && Math.abs(w.x - line.x * PT_PER_MM) < 0.5);
        expect(word, `"${first}" at x ${(line.x * PT_PER_MM).toFixed(1)} pt`).toBeDefined();
        // The word ends where the face's advances end.
        const width = line.advances.slice(0, [...first].length).reduce((a, b) => a + b, 0) * PT_PER_MM;
        expect(word!.xMax - word!.x).toBeCloseTo(width, 0);
        checked++;
      }
      expect(checked).toBeGreaterThan(10);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
