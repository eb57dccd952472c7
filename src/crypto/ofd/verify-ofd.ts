/**
 * Verifying the seals of an OFD file (GB/T 33190 with GB/T 38540 signed values). Steps:
 *  1. open the package (bounded ZIP reader) and read OFD.xml;
 *  2. for each document, read its Signatures.xml and each Signature.xml it lists;
 *  3. check every Reference: the protected file's digest against its CheckValue;
 *  4. verify SignedValue.dat as an SES_Signature with dataHash = SM3(Signature.xml bytes);
 *  5. list the package files that no signature protects, so that coverage is visible.
 * The caller passes bytes; nothing here touches the file system.
 */
import { CryptoError } from '../errors.ts';
import { verdictOf } from '../ses/verify/result.ts';
import type { CheckRow, Indication, SubIndication } from '../ses/verify/result.ts';
import type { TrustOptions } from '../ses/verify/trust.ts';
import { verifySesSignature } from '../ses/verify/verify-ses-signature.ts';
import type { SesVerificationResult } from '../ses/verify/verify-ses-signature.ts';
import { checkReferences } from './check-references.ts';
import type { ReferenceResult } from './check-references.ts';
import { folderOf, resolveLoc } from './ofd-path.ts';
import { parseSignatureXml } from './signature-xml.ts';
import type { OfdSignatureXml } from './signature-xml.ts';
import { openZip } from './zip-reader.ts';
import type { ZipArchive, ZipLimits } from './zip-reader.ts';
import { childNamed, childrenNamed, parseXml } from './xml-reader.ts';

/** Options for {@link verifyOfd}. */
export interface VerifyOfdOptions extends TrustOptions {
  /** "Now" for the checks reported at the current time; default the current time. */
  readonly at?: Date;
  readonly zipLimits?: ZipLimits;
  /** Signatures listed in the whole package; default {@link MAX_SIGNATURES}. */
  readonly maxSignatures?: number;
}

/**
 * Each listed signature costs its Signature.xml, a digest of every file it protects and an SES
 * check with its chain (some 10 ms here), whether or not it repeats another: a list naming one
 * seal thousands of times would hold a reader for a minute. A document carries a few seals, a
 * contract signed by many parties some tens; past the limit: `ERR_OFD_TOO_LARGE`.
 */
export const MAX_SIGNATURES = 50;

/** The report for one signature in the file. */
export interface OfdSignatureResult {
  /** The ID attribute in Signatures.xml. */
  readonly id: string;
  /** `Seal` (an SES signature) or `Sign` (a plain digital signature). */
  readonly type: string;
  readonly signatureXmlPath: string;
  readonly signedValuePath?: string;
  readonly provider?: string;
  readonly signatureMethod?: string;
  /** SignatureDateTime as written in Signature.xml (unsigned metadata). */
  readonly signatureDateTime?: string;
  readonly indication: Indication;
  readonly subIndication?: SubIndication;
  /** The SES checks followed by the References check. */
  readonly checks: readonly CheckRow[];
  readonly references: readonly ReferenceResult[];
  readonly ses?: SesVerificationResult;
}

/** The report for the file. */
export interface OfdVerificationResult {
  /** The worst indication over all signatures; INDETERMINATE when there are none. */
  readonly indication: Indication;
  readonly subIndication?: SubIndication;
  readonly signatures: readonly OfdSignatureResult[];
  /** Package files no signature protects (the signature files themselves aside). */
  readonly notCovered: readonly string[];
}

function bad(message: string): never {
  throw new CryptoError('ERR_OFD_MALFORMED', `OFD: ${message}`);
}

function readXml(zip: ZipArchive, path: string): ReturnType<typeof parseXml> {
  const bytes = zip.read(path);
  if (bytes === undefined) bad(`${path} is missing`);
  return parseXml(bytes);
}

/** Every (Signature.xml path, ID, Type) listed by the package's Signatures.xml files. */
function listSignatures(zip: ZipArchive, max: number): { path: string; id: string; type: string; listPath: string }[] {
  const ofd = readXml(zip, 'OFD.xml');
  if (ofd.local !== 'OFD') bad('OFD.xml has no OFD root element');
  let listed = 0;
  return childrenNamed(ofd, 'DocBody').flatMap((body) => {
    const loc = childNamed(body, 'Signatures')?.text.trim();
    if (loc === undefined || loc === '') return [];
    const listPath = resolveLoc('', loc);
    const list = readXml(zip, listPath);
    const entries = childrenNamed(list, 'Signature');
    listed += entries.length;
    if (listed > max) throw new CryptoError('ERR_OFD_TOO_LARGE', `OFD: more than ${max} signatures listed`);
    return entries.map((s) => {
      const baseLoc = s.attributes.BaseLoc;
      if (baseLoc === undefined) bad(`${listPath}: Signature without BaseLoc`);
      return { path: resolveLoc(folderOf(listPath), baseLoc), id: s.attributes.ID ?? '', type: s.attributes.Type ?? 'Seal', listPath };
    });
  });
}

function failedSignature(base: { id: string; type: string; signatureXmlPath: string }, row: CheckRow): OfdSignatureResult {
  return { ...base, ...verdictOf([row]), checks: [row], references: [] };
}

function verifyOne(zip: ZipArchive, s: { path: string; id: string; type: string }, opts: VerifyOfdOptions): OfdSignatureResult {
  const base = { id: s.id, type: s.type, signatureXmlPath: s.path };
  const xmlBytes = zip.read(s.path);
  if (xmlBytes === undefined) return failedSignature(base, { id: 'parse', status: 'failed', subIndication: 'FORMAT_FAILURE', message: `${s.path} is missing` });
  let xml: OfdSignatureXml;
  try {
    xml = parseSignatureXml(xmlBytes, s.path);
  } catch (e) {
    return failedSignature(base, { id: 'parse', status: 'failed', subIndication: 'FORMAT_FAILURE', message: (e as Error).message, code: (e as CryptoError).code });
  }
  const meta = {
    ...base, signedValuePath: xml.signedValuePath,
    ...(xml.provider === undefined ? {} : { provider: xml.provider }),
    ...(xml.signatureMethod === undefined ? {} : { signatureMethod: xml.signatureMethod }),
    ...(xml.signatureDateTime === undefined ? {} : { signatureDateTime: xml.signatureDateTime }),
  };
  const refs = checkReferences(xml.checkMethod, xml.references, (p) => zip.read(p));
  if (s.type !== 'Seal') {
    const row: CheckRow = { id: 'parse', status: 'indeterminate', subIndication: 'FORMAT_FAILURE', message: `signature type ${s.type} (not an SES seal) is not supported` };
    return { ...meta, ...verdictOf([row, refs.row]), checks: [row, refs.row], references: refs.results };
  }
  const signedValue = zip.read(xml.signedValuePath);
  if (signedValue === undefined) {
    const row: CheckRow = { id: 'parse', status: 'failed', subIndication: 'FORMAT_FAILURE', message: `${xml.signedValuePath} is missing` };
    return { ...meta, ...verdictOf([row, refs.row]), checks: [row, refs.row], references: refs.results };
  }
  const ses = verifySesSignature({ ...opts, signature: signedValue, data: xmlBytes });
  const checks = [...ses.checks, refs.row];
  return { ...meta, ...verdictOf(checks), checks, references: refs.results, ses };
}

const RANK: readonly Indication[] = ['TOTAL_FAILED', 'INDETERMINATE', 'TOTAL_PASSED'];

/**
 * Verifies every seal in an OFD file. Throws `ERR_OFD_MALFORMED` when the package or OFD.xml
 * cannot be read, `ERR_OFD_TOO_LARGE` when they are past a budget of the ZIP or XML reader,
 * `ERR_SES_TRUST` for unusable trust settings; problems of one signature are
 * reported in its result.
 */
export function verifyOfd(zipBytes: Uint8Array, opts: VerifyOfdOptions): OfdVerificationResult {
  const zip = openZip(zipBytes, opts.zipLimits);
  const listed = listSignatures(zip, opts.maxSignatures ?? MAX_SIGNATURES);
  const signatures = listed.map((s) => verifyOne(zip, s, opts));
  // OFD.xml stays in the list unless a signature protects it: its metadata (custom data such
  // as invoice totals) is shown by readers, so leaving it unprotected is worth reporting.
  const covered = new Set<string>();
  for (const s of listed) covered.add(s.listPath).add(s.path);
  for (const r of signatures) {
    if (r.signedValuePath !== undefined) covered.add(r.signedValuePath);
    for (const ref of r.references) covered.add(ref.path);
  }
  const notCovered = [...zip.entries.keys()].filter((n) => !covered.has(n));
  if (signatures.length === 0) return { indication: 'INDETERMINATE', subIndication: 'SIGNED_DATA_NOT_FOUND', signatures, notCovered };
  const worst = [...signatures].sort((a, b) => RANK.indexOf(a.indication) - RANK.indexOf(b.indication))[0]!;
  return {
    indication: worst.indication, ...(worst.subIndication === undefined ? {} : { subIndication: worst.subIndication }),
    signatures, notCovered,
  };
}
