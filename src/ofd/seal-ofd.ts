/**
 * Sealing an OFD document (电子签章, GB/T 33190 §18 with a GB/T 38540 signed value). Steps:
 * find the document, its signature list and the page to stamp → choose the next Sign_N folder →
 * Signature.xml: the SM3 check value of every protected file, the StampAnnot placing the seal's
 * picture, the location of the signed value → SignedValue.dat: an SES_Signature v4 whose dataHash
 * is SM3 of the Signature.xml bytes → the signature list with the new entry.
 *
 * Protected files: every file of the package except the signature list and the new signature's
 * own folder. GB/T 33190-2016 clause 18 (数字签名) has each signature add itself to the document's
 * signature list (Signatures.xml, with its MaxSignId), and GM/T 0099 follows it in the signing
 * steps: the list is rewritten on every signing, so a signature that protected it would be
 * broken by the next one. Everything else, earlier signatures' Signature.xml and
 * SignedValue.dat included, stays byte for byte as it was when a later seal is added (stampOfd
 * copies those entries unread), so each seal leaves the earlier ones valid, and a later seal
 * also protects the earlier ones from being swapped.
 */
import { createHash } from 'node:crypto';
import { CryptoError } from '../crypto/errors.ts';
import { folderOf, resolveLoc } from '../crypto/ofd/ofd-path.ts';
import { childNamed, childrenNamed, parseXml } from '../crypto/ofd/xml-reader.ts';
import type { SESeal } from '../crypto/ses/SESeal.ts';
import { signWithSeal } from '../crypto/ses/sign-with-seal.ts';
import type { Signer } from '../crypto/signer.ts';
import { sm3 } from '../crypto/sm3.ts';
import type { OfdFiles } from './ofd-document.ts';
import { esc, mms, OFD_NS, utf8, XML_DECL } from './xml.ts';

/** SM3withSM2 and SM3 (GM/T 0006), as SignatureMethod and CheckMethod. */
const SM3_WITH_SM2 = '1.2.156.10197.1.501';
const SM3 = '1.2.156.10197.1.401';

/** Where the seal's picture goes. */
export interface OfdStampPlace {
  /** 0-based page number. */
  readonly page: number;
  /** x, y, width, height in mm from the page's top-left corner. */
  readonly boundary: readonly [number, number, number, number];
}

export interface SealOfdOptions {
  /** A v4 seal listing the signer's certificate. */
  readonly seal: SESeal;
  readonly signer: Signer;
  readonly time: Date;
  readonly place: OfdStampPlace;
  /** ProviderName in Signature.xml. */
  readonly provider: string;
}

/** What a seal added. */
export interface OfdSealResult {
  readonly files: OfdFiles;
  readonly signatureXmlPath: string;
  readonly signedValuePath: string;
  /** The SES_Signature DER (also in SignedValue.dat). */
  readonly signedValue: Uint8Array;
}

function bad(message: string): never {
  throw new CryptoError('ERR_OFD_MALFORMED', `OFD: ${message}`);
}

function xmlOf(files: OfdFiles, path: string): ReturnType<typeof parseXml> {
  const bytes = files.get(path);
  if (bytes === undefined) bad(`${path} is missing`);
  return parseXml(bytes);
}

/** `20260301100000Z`: the signing time as Signature.xml states it (unsigned metadata). */
function stamp14(d: Date): string {
  return `${d.toISOString().slice(0, 19).replace(/[-:T]/g, '')}Z`;
}

/** The document's folder, its signature list path, and the ID of the page to stamp. */
function locate(files: OfdFiles, page: number): { listPath: string; pageId: string } {
  const body = childNamed(xmlOf(files, 'OFD.xml'), 'DocBody');
  const root = childNamed(body, 'DocRoot')?.text.trim();
  if (root === undefined || root === '') bad('OFD.xml names no DocRoot');
  const docPath = resolveLoc('', root);
  const list = childNamed(body, 'Signatures')?.text.trim();
  if (list === undefined || list === '') bad('OFD.xml names no signature list (write the document with toBeSealed)');
  const pages = childrenNamed(childNamed(xmlOf(files, docPath), 'Pages'), 'Page');
  const pageId = pages[page]?.attributes.ID;
  if (pageId === undefined) bad(`the document has no page ${page + 1}`);
  return { listPath: resolveLoc('', list), pageId };
}

/** A package's files as the sealing steps read them: a map being written, or an opened ZIP. */
export interface OfdFileSource {
  paths(): Iterable<string>;
  read(path: string): Uint8Array | undefined;
}

/** The signature list with one more seal, and the new entry's ID and folder. */
export function nextEntry(source: OfdFileSource, listPath: string): { id: number; folder: string; list: (entry: string) => string } {
  const existing = source.read(listPath);
  const listed = existing === undefined ? [] : childrenNamed(parseXml(existing), 'Signature');
  const id = listed.reduce((m, s) => Math.max(m, Number(s.attributes.ID) || 0), 0) + 1;
  const taken = new Set<string>();
  for (const p of source.paths()) for (let i = p.indexOf('/'); i > 0; i = p.indexOf('/', i + 1)) taken.add(p.slice(0, i));
  let n = 0;
  while (taken.has(`${folderOf(listPath)}/Sign_${n}`)) n++;
  const folder = `${folderOf(listPath)}/Sign_${n}`;
  const list = (entry: string): string => {
    if (existing === undefined) return `${XML_DECL}<ofd:Signatures xmlns:ofd="${OFD_NS}"><ofd:MaxSignId>${id}</ofd:MaxSignId>${entry}</ofd:Signatures>`;
    const text = Buffer.from(existing).toString('utf8');
    const close = text.lastIndexOf('</');
    if (close < 0) bad(`${listPath} cannot be extended`);
    return (text.slice(0, close) + entry + text.slice(close)).replace(/(<(?:\w+:)?MaxSignId>)\s*\d*\s*(<\/)/, `$1${id}$2`);
  };
  return { id, folder, list };
}

/** One picture of the seal on a page: its box, and the part of the box shown (a cross-page strip). */
export interface OfdStampAnnot {
  readonly pageId: string;
  /** x, y, width, height in mm from the page's top-left corner. */
  readonly boundary: readonly [number, number, number, number];
  /** The part of the box shown, in the box's own coordinates (GB/T 33190 StampAnnot Clip). */
  readonly clip?: readonly [number, number, number, number];
}

/** Signature.xml: the check values of the protected files, the seal's pictures, the signed value's location. */
export function signatureXmlOf(opts: {
  provider: string; time: Date; references: Iterable<readonly [string, Uint8Array]>; annots: readonly OfdStampAnnot[]; signedValuePath: string;
}): Uint8Array {
  const references = [...opts.references].map(([path, digest]) => `<ofd:Reference FileRef="/${esc(path)}"><ofd:CheckValue>${Buffer.from(digest).toString('base64')}</ofd:CheckValue></ofd:Reference>`);
  const annots = opts.annots.map((a, i) => `<ofd:StampAnnot ID="${i + 1}" PageRef="${esc(a.pageId)}" Boundary="${mms(a.boundary)}"${a.clip === undefined ? '' : ` Clip="${mms(a.clip)}"`}/>`);
  return utf8(`${XML_DECL}<ofd:Signature xmlns:ofd="${OFD_NS}"><ofd:SignedInfo>`
    + `<ofd:Provider ProviderName="${esc(opts.provider)}" Version="1.0"/>`
    + `<ofd:SignatureMethod>${SM3_WITH_SM2}</ofd:SignatureMethod><ofd:SignatureDateTime>${stamp14(opts.time)}</ofd:SignatureDateTime>`
    + `<ofd:References CheckMethod="${SM3}">${references.join('')}</ofd:References>`
    + annots.join('')
    + `</ofd:SignedInfo><ofd:SignedValue>/${opts.signedValuePath}</ofd:SignedValue></ofd:Signature>`);
}

/** The signature list's new entry for a seal. */
export const listEntry = (id: number, signatureXmlPath: string): string => `<ofd:Signature ID="${id}" Type="Seal" BaseLoc="/${esc(signatureXmlPath)}"/>`;

/** Adds a seal to the package's files; the input map is left as it was. */
export async function sealOfd(input: OfdFiles, opts: SealOfdOptions): Promise<OfdSealResult> {
  const { listPath, pageId } = locate(input, opts.place.page);
  const entry = nextEntry({ paths: () => input.keys(), read: (p) => input.get(p) }, listPath);
  const signatureXmlPath = `${entry.folder}/Signature.xml`;
  const signedValuePath = `${entry.folder}/SignedValue.dat`;
  const references = [...input].filter(([path]) => path !== listPath).map(([path, bytes]) => [path, createHash('sm3').update(bytes).digest()] as const);
  const signatureXml = signatureXmlOf({ provider: opts.provider, time: opts.time, references, annots: [{ pageId, boundary: opts.place.boundary }], signedValuePath });
  // GB/T 38540 §8 (OFD): dataHash is SM3 of Signature.xml; propertyInfo names that file.
  const signature = await signWithSeal({
    seal: opts.seal, signer: opts.signer, time: opts.time, dataHash: sm3(signatureXml), propertyInfo: `/${signatureXmlPath}`,
  });
  const files: OfdFiles = new Map(input);
  files.set(signatureXmlPath, signatureXml);
  files.set(signedValuePath, signature.der);
  files.set(listPath, utf8(entry.list(listEntry(entry.id, signatureXmlPath))));
  return { files, signatureXmlPath, signedValuePath, signedValue: signature.der };
}
