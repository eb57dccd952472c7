// The OFD of a licence (GB/T 36905 file format), drawn from the same laid-out face as the PDF
// and sealed with the same licence seal.
// Steps: the face's font subsets (face-fonts.ts, shared with the PDF) →
// the page: frames as stroked paths, text lines with each character's advance, photos, the QR
// code as filled squares → the licence's data elements as custom tags and its identifier as
// custom data → seal: Signature.xml over every file, SignedValue.dat, StampAnnot at the seal's
// square → the ZIP package.
import type { SESeal } from '../../crypto/ses/SESeal.ts';
import type { Signer } from '../../crypto/signer.ts';
import { OFD_IDENTIFIER_NAME } from '../../domain/licence.ts';
import type { LicenceContent } from '../../domain/licence.ts';
import { sealOfd, writeOfdDocument, xmlEscape, zipOfd } from '../../ofd/index.ts';
import type { OfdObject, OfdStampPlace } from '../../ofd/index.ts';
import type { FaceFonts } from './face-fonts.ts';
import type { LicenceFace } from './licence-face.ts';
import { qrRuns } from './licence-face.ts';

/** Namespace of the licence metadata tags. */
const TAG_NS = 'urn:yinxin:licence-metadata:gbt36903';

const MM_PER_PT = 25.4 / 72;

/** The face's objects in OFD terms. */
function pageObjects(face: LicenceFace): OfdObject[] {
  const objects: OfdObject[] = face.items.map((item): OfdObject => {
    switch (item.kind) {
      case 'frame':
        return { kind: 'path', rects: [[item.x, item.y, item.width, item.height]], stroke: item.color, lineWidth: item.thickness * MM_PER_PT };
      case 'text':
        return { kind: 'text', font: item.weight === 'bold' ? 1 : 0, size: item.size * MM_PER_PT, x: item.x, baseline: item.baseline, text: item.text, advances: item.advances, color: item.color };
      case 'image':
        return { kind: 'image', bytes: item.bytes, format: item.format, x: item.x, y: item.y, width: item.width, height: item.height };
    }
  });
  const { qr } = face;
  const cell = qr.size / (qr.modules + 2 * qr.quietZone);
  objects.push({ kind: 'path', rects: [[qr.x, qr.y, qr.size, qr.size]], fill: '#ffffff' });
  objects.push({
    kind: 'path', fill: '#000000',
    rects: qrRuns(qr).map((r) => [qr.x + (r.col + qr.quietZone) * cell, qr.y + (r.row + qr.quietZone) * cell, r.length * cell, cell] as const),
  });
  return objects;
}

/**
 * The licence's data elements (GB/T 36903) as a custom tag document (GB/T 36905 carries them so).
 * Element names follow the standard's data element names; its tag schema was not at hand, so the
 * namespace is ours.
 */
function metadataTag(c: LicenceContent, issueDate: string): string {
  const el = (name: string, v: string | null) => (v === null ? '' : `<${name}>${xmlEscape(v)}</${name}>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<电子证照元数据 xmlns="${TAG_NS}">`
    + el('证照标识', c.identifier) + el('证照类型名称', c.licenceType.name) + el('证照类型代码', c.licenceType.code)
    + el('证照定义机构', c.definingAuthority.name) + el('证照定义机构代码', c.definingAuthority.code)
    + el('证照颁发机构', c.issuer.name) + el('证照颁发机构代码', c.issuer.code) + el('证照颁发日期', issueDate)
    + el('证照有效期起始日期', c.validFrom) + el('证照有效期截止日期', c.validUntil ?? '长期')
    + el('持证主体', c.holder.name) + el('持证主体代码类型代码', c.holder.idType) + el('持证主体代码', c.holder.idNumber)
    + el('版本号', String(c.version)) + el('前一版本证照标识', c.previousIdentifier)
    + `<数据项>${Object.entries(c.data).filter(([, v]) => v.length <= 2000).map(([k, v]) => `<数据 名称="${xmlEscape(k)}">${xmlEscape(v)}</数据>`).join('')}</数据项>`
    + '</电子证照元数据>';
}

/** Input to {@link renderLicenceOfd}. */
export interface RenderLicenceOfdInput {
  readonly face: LicenceFace;
  /** The face's font subsets (face-fonts.ts), shared with the PDF. */
  readonly fonts: FaceFonts;
  readonly content: LicenceContent;
  /** YYYY-MM-DD (China Standard Time). */
  readonly issueDate: string;
  readonly createdAt: Date;
  /** 32 hex digits. */
  readonly docId: string;
  readonly seal: { readonly seal: SESeal; readonly signer: Signer };
  readonly pause?: () => Promise<void>;
}

/** Renders the licence OFD and seals it; returns the package bytes. */
export async function renderLicenceOfd(input: RenderLicenceOfdInput): Promise<Uint8Array> {
  const { face } = input;
  const { regular, bold } = input.fonts;
  const { files } = writeOfdDocument({
    docId: input.docId, title: face.title, creator: 'yinxin', createdAt: input.createdAt, toBeSealed: true,
    customData: [[OFD_IDENTIFIER_NAME, input.content.identifier], ['证照类型代码', input.content.licenceType.code]],
    fonts: [{ name: 'Noto Serif SC', family: 'Noto Serif SC', ttf: regular.ttf }, { name: 'Noto Serif SC Bold', family: 'Noto Serif SC', bold: true, ttf: bold.ttf }],
    pages: [{ width: face.width, height: face.height, objects: pageObjects(face) }],
    customTags: [{ nameSpace: TAG_NS, xml: metadataTag(input.content, input.issueDate) }],
  });
  const s = face.seal;
  const place: OfdStampPlace = { page: 0, boundary: [s.x, s.y, s.size, s.size] };
  const sealed = await sealOfd(files, { seal: input.seal.seal, signer: input.seal.signer, time: input.createdAt, place, provider: 'yinxin' });
  await input.pause?.();
  // The fonts' zlib streams less their 2-byte header and 4-byte Adler-32 are the raw deflate a ZIP entry holds (RFC 1950).
  const deflated = new Map([regular, bold].map((f) => [f.ttf, f.flate.subarray(2, f.flate.length - 4)] as const));
  return zipOfd(sealed.files, input.createdAt, deflated);
}
