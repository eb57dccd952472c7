/**
 * Writing an OFD document (GB/T 33190) as package files: OFD.xml (document information, custom
 * data, the entry to Document.xml and to the signature list), Document.xml (page area, resources,
 * pages, custom tags), PublicRes.xml (fonts), DocumentRes.xml (images), one Content.xml per page
 * with text, path and image objects, and the resource files. Units are millimetres, the origin
 * is the page's top-left corner, y grows downwards (as in GB/T 33190 §8).
 */
import { esc, mm, mms, OFD_NS, rgb, utf8, XML_DECL } from './xml.ts';

/** An embedded font (a TrueType subset that maps the characters it is used for). */
export interface OfdFont {
  readonly name: string;
  readonly family: string;
  readonly bold?: boolean;
  readonly ttf: Uint8Array;
}

/** A text line: left end and baseline on the page, size in mm, each character's advance. */
export interface OfdText {
  readonly kind: 'text';
  /** Index into the document's fonts. */
  readonly font: number;
  readonly size: number;
  readonly x: number;
  readonly baseline: number;
  readonly text: string;
  /** Advance of each character (mm); written as DeltaX so readers place glyphs as we did. */
  readonly advances: readonly number[];
  /** `#rrggbb` */
  readonly color: string;
}

/** A path in page coordinates (rectangles are all the writer needs so far). */
export interface OfdPath {
  readonly kind: 'path';
  readonly rects: readonly (readonly [number, number, number, number])[];
  readonly fill?: string;
  readonly stroke?: string;
  /** Line width (mm) of the stroke. */
  readonly lineWidth?: number;
}

/** An image in a box on the page. */
export interface OfdImage {
  readonly kind: 'image';
  readonly bytes: Uint8Array;
  readonly format: 'png' | 'jpeg';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export type OfdObject = OfdText | OfdPath | OfdImage;

export interface OfdPage {
  readonly width: number;
  readonly height: number;
  readonly objects: readonly OfdObject[];
}

/** A document's custom tag file (GB/T 33190 §16): its namespace and the XML it holds. */
export interface OfdCustomTag {
  readonly nameSpace: string;
  /** The whole tag document, declaration included. */
  readonly xml: string;
}

/** Everything a document is written from. */
export interface OfdDocumentSpec {
  /** 32 hex digits, the DocID of DocInfo. */
  readonly docId: string;
  readonly title: string;
  readonly creator: string;
  readonly createdAt: Date;
  /** DocInfo/CustomDatas: name → value, shown by readers as document properties. */
  readonly customData: readonly (readonly [string, string])[];
  readonly fonts: readonly OfdFont[];
  readonly pages: readonly OfdPage[];
  readonly customTags?: readonly OfdCustomTag[];
  /**
   * Name the signature list in OFD.xml now, for a document that is sealed next (sealOfd writes
   * the list): sealing then never changes OFD.xml, and a seal may protect it.
   */
  readonly toBeSealed?: boolean;
}

/** The package's files by path (no leading `/`), in the order they are written. */
export type OfdFiles = Map<string, Uint8Array>;

/** Where a written document put things, for placing seals later. */
export interface OfdLayoutInfo {
  /** ID of each page in Document.xml (a StampAnnot's PageRef). */
  readonly pageIds: readonly number[];
  /** Path of the signature list named by OFD.xml. */
  readonly signaturesPath: string;
}

const DOC = 'Doc_0';

function textObject(id: number, fontId: number, t: OfdText): string {
  const width = t.advances.reduce((a, b) => a + b, 0);
  // The box reaches above the baseline by the size and below it by a third, so descenders fit.
  const box = [t.x, t.baseline - t.size, Math.max(width, t.size), t.size * 4 / 3];
  const delta = t.advances.length > 1 ? ` DeltaX="${mms(t.advances.slice(0, -1))}"` : '';
  return `<ofd:TextObject ID="${id}" Boundary="${mms(box)}" Font="${fontId}" Size="${mm(t.size)}">`
    + `<ofd:FillColor Value="${rgb(t.color)}"/><ofd:TextCode X="0" Y="${mm(t.size)}"${delta}>${esc(t.text)}</ofd:TextCode></ofd:TextObject>`;
}

function pathObject(id: number, p: OfdPath): string {
  const xs = p.rects.flatMap(([x, , w]) => [x, x + w]);
  const ys = p.rects.flatMap(([, y, , h]) => [y, y + h]);
  const half = (p.stroke === undefined ? 0 : (p.lineWidth ?? 0.353)) / 2;
  const bx = Math.min(...xs) - half;
  const by = Math.min(...ys) - half;
  const box = [bx, by, Math.max(...xs) + half - bx, Math.max(...ys) + half - by];
  // Abbreviated path data is relative to the Boundary's origin.
  const data = p.rects.map(([x, y, w, h]) => {
    const [l, t] = [x - bx, y - by];
    return `M ${mm(l)} ${mm(t)} L ${mm(l + w)} ${mm(t)} L ${mm(l + w)} ${mm(t + h)} L ${mm(l)} ${mm(t + h)} C`;
  }).join(' ');
  const stroke = p.stroke !== undefined;
  return `<ofd:PathObject ID="${id}" Boundary="${mms(box)}"${stroke ? ` LineWidth="${mm(p.lineWidth ?? 0.353)}"` : ''} Stroke="${stroke}" Fill="${p.fill !== undefined}">`
    + `${p.fill !== undefined ? `<ofd:FillColor Value="${rgb(p.fill)}"/>` : ''}${stroke ? `<ofd:StrokeColor Value="${rgb(p.stroke!)}"/>` : ''}`
    + `<ofd:AbbreviatedData>${data}</ofd:AbbreviatedData></ofd:PathObject>`;
}

function imageObject(id: number, resId: number, i: OfdImage): string {
  return `<ofd:ImageObject ID="${id}" Boundary="${mms([i.x, i.y, i.width, i.height])}" CTM="${mms([i.width, 0, 0, i.height, 0, 0])}" ResourceID="${resId}"/>`;
}

/** OFD's date form (xs:date) in China Standard Time, as licences are dated. */
function cstDate(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Writes the document's files and says where its pages and signature list are. */
export function writeOfdDocument(spec: OfdDocumentSpec): { files: OfdFiles; info: OfdLayoutInfo } {
  let nextId = 1;
  const newId = () => nextId++;
  const files: OfdFiles = new Map();
  const fontIds = spec.fonts.map(() => newId());
  const fonts = spec.fonts.map((f, i) => `<ofd:Font ID="${fontIds[i]}" FontName="${esc(f.name)}" FamilyName="${esc(f.family)}"${f.bold ? ' Bold="true"' : ''}><ofd:FontFile>font_${i}.ttf</ofd:FontFile></ofd:Font>`);
  spec.fonts.forEach((f, i) => files.set(`${DOC}/Res/font_${i}.ttf`, f.ttf));

  const media: string[] = [];
  const pageIds: number[] = [];
  const contents: string[] = [];
  spec.pages.forEach((page) => {
    pageIds.push(newId());
    const layerId = newId();
    const objects = page.objects.map((o) => {
      if (o.kind === 'text') return textObject(newId(), fontIds[o.font]!, o);
      if (o.kind === 'path') return pathObject(newId(), o);
      const resId = newId();
      const file = `image_${media.length}.${o.format === 'png' ? 'png' : 'jpg'}`;
      media.push(`<ofd:MultiMedia ID="${resId}" Type="Image" Format="${o.format === 'png' ? 'PNG' : 'JPEG'}"><ofd:MediaFile>${file}</ofd:MediaFile></ofd:MultiMedia>`);
      files.set(`${DOC}/Res/${file}`, o.bytes);
      return imageObject(newId(), resId, o);
    });
    contents.push(`${XML_DECL}<ofd:Page xmlns:ofd="${OFD_NS}"><ofd:Area><ofd:PhysicalBox>${mms([0, 0, page.width, page.height])}</ofd:PhysicalBox></ofd:Area>`
      + `<ofd:Content><ofd:Layer ID="${layerId}" Type="Body">${objects.join('')}</ofd:Layer></ofd:Content></ofd:Page>`);
  });
  contents.forEach((c, i) => files.set(`${DOC}/Pages/Page_${i}/Content.xml`, utf8(c)));

  files.set(`${DOC}/PublicRes.xml`, utf8(`${XML_DECL}<ofd:Res xmlns:ofd="${OFD_NS}" BaseLoc="Res"><ofd:Fonts>${fonts.join('')}</ofd:Fonts></ofd:Res>`));
  if (media.length > 0) files.set(`${DOC}/DocumentRes.xml`, utf8(`${XML_DECL}<ofd:Res xmlns:ofd="${OFD_NS}" BaseLoc="Res"><ofd:MultiMedias>${media.join('')}</ofd:MultiMedias></ofd:Res>`));

  const tags = spec.customTags ?? [];
  tags.forEach((t, i) => files.set(`${DOC}/Tags/CustomTag_${i}.xml`, utf8(t.xml)));
  if (tags.length > 0) {
    files.set(`${DOC}/Tags/CustomTags.xml`, utf8(`${XML_DECL}<ofd:CustomTags xmlns:ofd="${OFD_NS}">${tags.map((t, i) => `<ofd:CustomTag NameSpace="${esc(t.nameSpace)}"><ofd:FileLoc>CustomTag_${i}.xml</ofd:FileLoc></ofd:CustomTag>`).join('')}</ofd:CustomTags>`));
  }

  const first = spec.pages[0];
  const document = `${XML_DECL}<ofd:Document xmlns:ofd="${OFD_NS}"><ofd:CommonData><ofd:MaxUnitID>${nextId - 1}</ofd:MaxUnitID>`
    + `<ofd:PageArea><ofd:PhysicalBox>${mms([0, 0, first?.width ?? 210, first?.height ?? 297])}</ofd:PhysicalBox></ofd:PageArea>`
    + `<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>${media.length > 0 ? '<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>' : ''}</ofd:CommonData>`
    + `<ofd:Pages>${pageIds.map((id, i) => `<ofd:Page ID="${id}" BaseLoc="Pages/Page_${i}/Content.xml"/>`).join('')}</ofd:Pages>`
    + `${tags.length > 0 ? '<ofd:CustomTags>Tags/CustomTags.xml</ofd:CustomTags>' : ''}</ofd:Document>`;
  files.set(`${DOC}/Document.xml`, utf8(document));

  const signaturesPath = `${DOC}/Signs/Signatures.xml`;
  const custom = spec.customData.map(([k, v]) => `<ofd:CustomData Name="${esc(k)}">${esc(v)}</ofd:CustomData>`).join('');
  const ofd = `${XML_DECL}<ofd:OFD xmlns:ofd="${OFD_NS}" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>`
    + `<ofd:DocID>${esc(spec.docId)}</ofd:DocID><ofd:Title>${esc(spec.title)}</ofd:Title><ofd:Creator>${esc(spec.creator)}</ofd:Creator>`
    + `<ofd:CreationDate>${cstDate(spec.createdAt)}</ofd:CreationDate>${custom === '' ? '' : `<ofd:CustomDatas>${custom}</ofd:CustomDatas>`}</ofd:DocInfo>`
    + `<ofd:DocRoot>${DOC}/Document.xml</ofd:DocRoot>${spec.toBeSealed ? `<ofd:Signatures>${signaturesPath}</ofd:Signatures>` : ''}</ofd:DocBody></ofd:OFD>`;
  const ordered: OfdFiles = new Map([['OFD.xml', utf8(ofd)], ...files]);
  return { files: ordered, info: { pageIds, signaturesPath } };
}
