// The parsers of untrusted input, each as a function of one input, with its seeds and the
// tokens its format is made of. A target passes an input when it returns or throws the
// parser's own typed error (see typed-error.ts); anything else is a crash.
import type { Arbitrary } from 'fast-check';
import { decodeDer, derChildren } from '../src/crypto/asn1/der-reader.ts';
import type { DerElement } from '../src/crypto/asn1/der-reader.ts';
import { parseSignatureXml } from '../src/crypto/ofd/signature-xml.ts';
import { verifyOfd } from '../src/crypto/ofd/verify-ofd.ts';
import { parseXml } from '../src/crypto/ofd/xml-reader.ts';
import { openZip } from '../src/crypto/ofd/zip-reader.ts';
import { decodeAnySeal, decodeAnySignature, sealSignatureParts, signatureParts, verifySesSignature } from '../src/crypto/ses/index.ts';
import { parseCertificate } from '../src/crypto/x509/parse-certificate.ts';
import { parseCrl } from '../src/crypto/x509/parse-crl.ts';
import { AppError } from '../src/domain/errors.ts';
import { readTypedCode } from '../src/http/routes/verification.ts';
import { parseSignedData } from '../src/pdf/cms-parse.ts';
import { verifyPdfSignatures } from '../src/pdf/verify.ts';
import { importRecords } from '../src/services/licences/import-formats.ts';
import { IMPORT_MAX_LINES } from '../src/services/licences/import-licences.ts';
import type { LicenceDeps } from '../src/services/licences/licence-deps.ts';
import { resolveShare } from '../src/services/licences/resolve-share.ts';
import { readStaffCsv } from '../src/services/staff/import-staff.ts';
import type { VerificationDeps } from '../src/services/verification/verification-deps.ts';
import { verifyLicenceByHandle } from '../src/services/verification/verify-licence-by-handle.ts';
import { verifyLicenceByIdentifier } from '../src/services/verification/verify-licence-by-identifier.ts';
import { verifyLicenceByShare } from '../src/services/verification/verify-licence-by-share.ts';
import { readTrustList, verifyQrPayloadOffline } from '../src/services/verification/verify-offline.ts';
import { writeZip } from '../test/crypto/ofd/zip-writer.ts';
import { DATA } from '../test/crypto/ses/seal-kit.ts';
import { AT } from '../test/crypto/x509/pki.ts';
import { mutatedBytes, mutatedText } from './mutate.ts';
import type { Seeds } from './seeds.ts';

export interface Target {
  readonly name: string;
  /** Inputs for this target, built from the seeds. */
  arbitrary(s: Seeds): Arbitrary<Uint8Array> | Arbitrary<string>;
  /** Feeds one input to the parser. */
  run(input: Uint8Array | string, s: Seeds): unknown;
}

const DER_TOKENS = ['\x30\x80', '\x30\x84\xff\xff\xff\xff', '\x05\x00', '\x06\x00', '\x02\x01\x00', '\x03\x01\x07', '\x17\x0d', '\xa0\x00', '\x1f\x81', '0'.repeat(8)];
const PDF_TOKENS = [
  ' obj ', 'endobj', 'stream\n', '\nendstream', 'xref\n', 'trailer', 'startxref\n', '%%EOF', '/Length ', '/Filter /FlateDecode', '/Type /ObjStm',
  '/Prev 0', '/ByteRange [0 1 2 3]', '/Contents <', '<<', '>>', '[', ']', '(', ')', '\\', ' 0 R', '/N 99999999', '/First -1', '/W [1 8 1]',
  '/Index [0 99999999]', '/Size 0', '/Kids [', '/Parent 1 0 R', '/DecodeParms << /Predictor 15 /Columns 0 >>', '/XRefStm 0',
  // Text strings in UTF-16BE and UTF-8 with byte-order marks, of odd and even length.
  '<FEFF004100>', '<FEFF00>', '<FEFFD800>', '<EFBBBFC3>', '/T <FEFF4E2D>', '/FT /Sig', '/V << /Contents <3080> /ByteRange [0 0 0 0] >>',
];
const ZIP_TOKENS = ['PK\x03\x04', 'PK\x01\x02', 'PK\x05\x06', '../', '/', '\\', '\0', 'OFD.xml', 'Doc_0/Signs/Signatures.xml'];
const XML_TOKENS = [
  '<', '>', '</', '/>', '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>', '&a;', '&amp;', '&#x', '&#1114112;', '&#0;', '<![CDATA[', ']]>', '<!--', '-->',
  '<?xml version="1.0" encoding="GBK"?>', '"', "'", '=', 'xmlns:ofd="x"', 'ofd:', '<ofd:Signature BaseLoc="../../x">', '<a>'.repeat(40), '\uFEFF',
];
const CSV_TOKENS = ['"', '""', ',', '\n', '\r\n', '\r', '\uFEFF', ';', '|', '\0', ',,,,,,,,,,,,,,,,', 'key,typeCode', '工号', 'a"b', '"\n"'];
const JSON_TOKENS = ['{', '}', '[', ']', '"', ':', ',', '\n', '\\u', '\\ud800', 'null', '1e999', '-', '{"__proto__":{"x":1}}', '[[[[[[[[[[', '"data":'];
const QR_TOKENS = ['https://', 'http://', '/v/', '//', '?', '#', ' ', '-', '\u3000', 'O', '0', 'I', '1', 'zz.example.gov.cn', '\n'];

const bytes = (x: Uint8Array | string) => x as Uint8Array;
const text = (x: Uint8Array | string) => x as string;

/** Every element of a DER tree, read level by level. */
function walkDer(el: DerElement): number {
  let n = 0;
  const stack = [el];
  while (stack.length > 0) {
    const e = stack.pop()!;
    n++;
    if (e.constructed) stack.push(...derChildren(e));
  }
  return n;
}

/** Service dependencies that stop the call with a typed error once parsing has passed. */
function parsedStop<T>(): T {
  const stop = (): never => {
    throw new AppError('ERR_NOT_FOUND', 'input accepted by the parser');
  };
  const deep: object = new Proxy(stop, { get: () => deep, apply: stop });
  return new Proxy({}, { get: () => deep }) as T;
}

function smallZips(s: Seeds): Uint8Array[] {
  const xml = s.xmls[s.xmls.length - 1]!;
  return [
    writeZip([{ name: 'OFD.xml', data: xml }, { name: 'Doc_0/a.xml', data: xml, store: true }]),
    writeZip([{ name: 'a', data: new Uint8Array(4096) }, { name: 'dir/', data: new Uint8Array(0), store: true }]),
  ];
}

export const TARGETS: readonly Target[] = [
  {
    name: 'pdf',
    arbitrary: (s) => mutatedBytes(s.pdfs, PDF_TOKENS),
    run: (x, s) => verifyPdfSignatures(bytes(x), { anchors: s.anchors, intermediates: s.intermediates, crls: [s.crl], validationTime: AT }),
  },
  {
    name: 'ofd',
    arbitrary: (s) => mutatedBytes(s.ofds, ZIP_TOKENS),
    run: (x, s) => verifyOfd(bytes(x), { anchors: s.anchors, intermediates: s.intermediates, crls: [s.crl], at: AT }),
  },
  {
    name: 'ofd-zip',
    arbitrary: (s) => mutatedBytes([...s.ofds, ...smallZips(s)], ZIP_TOKENS),
    run: (x) => {
      const zip = openZip(bytes(x));
      for (const name of zip.entries.keys()) zip.read(name);
    },
  },
  {
    name: 'ofd-xml',
    arbitrary: (s) => mutatedBytes(s.xmls, XML_TOKENS),
    run: (x) => {
      parseXml(bytes(x));
      return parseSignatureXml(bytes(x), 'Doc_0/Signs/Sign_0/Signature.xml');
    },
  },
  {
    name: 'ses-seal',
    arbitrary: (s) => mutatedBytes(s.seals, DER_TOKENS),
    run: (x) => sealSignatureParts(decodeAnySeal(bytes(x))),
  },
  {
    name: 'ses-signature',
    arbitrary: (s) => mutatedBytes(s.signatures, DER_TOKENS),
    run: (x, s) => {
      signatureParts(decodeAnySignature(bytes(x)));
      return verifySesSignature({ signature: bytes(x), data: DATA, anchors: s.anchors, intermediates: s.intermediates, crls: [s.crl], at: AT });
    },
  },
  { name: 'cms', arbitrary: (s) => mutatedBytes(s.cms, DER_TOKENS), run: (x) => parseSignedData(bytes(x)) },
  { name: 'x509-certificate', arbitrary: (s) => mutatedBytes(s.certificates, DER_TOKENS), run: (x) => parseCertificate(bytes(x)) },
  { name: 'x509-crl', arbitrary: (s) => mutatedBytes(s.crls, DER_TOKENS), run: (x) => parseCrl(bytes(x)) },
  {
    name: 'der',
    arbitrary: (s) => mutatedBytes([...s.certificates, ...s.crls, ...s.seals, ...s.signatures, ...s.cms], DER_TOKENS),
    run: (x) => walkDer(decodeDer(bytes(x))),
  },
  {
    name: 'qr',
    arbitrary: (s) => mutatedText(s.qr, QR_TOKENS),
    run: async (x, s) => {
      try {
        verifyQrPayloadOffline(s.trustList, text(x), AT);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
      }
      const stopped = (p: Promise<unknown>) => p.catch((e: unknown) => {
        if (!(e instanceof AppError)) throw e;
      });
      await stopped(resolveShare(parsedStop<LicenceDeps>(), text(x)));
      // What the verification page does with a scanned or typed code.
      const ref = readTypedCode(text(x));
      const deps = parsedStop<VerificationDeps>();
      const ctx = { clientIp: null, requestId: 'fuzz', verifier: null };
      await stopped('handle' in ref ? verifyLicenceByHandle(deps, ref, ctx) : 'code' in ref ? verifyLicenceByShare(deps, ref, ctx) : verifyLicenceByIdentifier(deps, ref, ctx));
    },
  },
  { name: 'trust-list', arbitrary: (s) => mutatedText(s.trustLists, JSON_TOKENS), run: (x) => readTrustList(text(x), AT) },
  { name: 'licence-import-csv', arbitrary: (s) => mutatedText(s.licenceCsv, CSV_TOKENS), run: (x) => importRecords(text(x), 'csv', IMPORT_MAX_LINES) },
  { name: 'licence-import-jsonl', arbitrary: (s) => mutatedText(s.licenceJsonl, JSON_TOKENS), run: (x) => importRecords(text(x), 'jsonl', IMPORT_MAX_LINES) },
  { name: 'staff-import', arbitrary: (s) => mutatedText(s.staffCsv, CSV_TOKENS), run: (x) => readStaffCsv(text(x)) },
];
