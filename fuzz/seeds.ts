// The real inputs mutations start from: our own outputs (certificates, a CRL, v1 and v4 seals and
// signatures, plain, CMS-stamped, SES-stamped and licence PDFs, a signed trust list, import files,
// QR payloads and share codes) and a third-party OFD e-invoice.
import { readFileSync } from 'node:fs';
import { sign } from '../src/crypto/sm2.ts';
import { sm3 } from '../src/crypto/sm3.ts';
import { openZip } from '../src/crypto/ofd/zip-reader.ts';
import { decodeAnySignature, signatureParts } from '../src/crypto/ses/index.ts';
import { buildCrl } from '../src/crypto/x509/build-crl.ts';
import type { Crl } from '../src/crypto/x509/crl.ts';
import { shareCodeFromRandom } from '../src/domain/licence-share.ts';
import { TRUST_LIST_FORMAT, handleDigest, trustListBytes } from '../src/domain/trust-list.ts';
import type { SignedTrustList, TrustListBody } from '../src/domain/trust-list.ts';
import { PdfDocument } from '../src/pdf/document.ts';
import { findSignatures } from '../src/pdf/find-signatures.ts';
import { sesContainer, stampPdf, stampPdfWith } from '../src/pdf/index.ts';
import { issueLicence } from '../src/services/licences/issue-licence.ts';
import { SIGNED_AT, makeKit, withChain } from '../test/crypto/ses/seal-kit.ts';
import { v1Sample } from '../test/crypto/ses/v1-sample.ts';
import { AT, days } from '../test/crypto/x509/pki.ts';
import type { Pki } from '../test/crypto/x509/pki.ts';
import { makePdf, sealPng } from '../test/pdf/fixtures.ts';
import { ISSUER, PROOF, makeLicenceKit } from '../test/services/licences/licence-kit.ts';
import { sqlBackends } from '../test/support/sql-backends.ts';

export const OFD_FIXTURE = '/work/shared/fixtures/interop/kinggrid-einvoice-ses-v4.ofd';
export const PUBLIC_URL = 'https://zz.example.gov.cn';

export interface Seeds {
  readonly pki: Pki;
  readonly anchors: Uint8Array[];
  readonly intermediates: Uint8Array[];
  readonly crl: Crl;
  readonly trustList: SignedTrustList;
  readonly certificates: Uint8Array[];
  readonly crls: Uint8Array[];
  readonly seals: Uint8Array[];
  readonly signatures: Uint8Array[];
  readonly cms: Uint8Array[];
  readonly pdfs: Uint8Array[];
  readonly ofds: Uint8Array[];
  readonly xmls: Uint8Array[];
  readonly trustLists: string[];
  readonly licenceCsv: string[];
  readonly licenceJsonl: string[];
  readonly staffCsv: string[];
  readonly qr: string[];
}

/** A trust list signed by the test signer (its chain ends at the test root). */
function signedTrustList(pki: Pki, crl: Uint8Array): SignedTrustList {
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
  const handle = 'AB12CD34EF56GH78';
  const list: TrustListBody = {
    format: TRUST_LIST_FORMAT,
    publisher: { organisation: '某市人民政府', url: PUBLIC_URL },
    issuedAt: '2026-05-31T00:00:00.000Z', nextUpdate: '2026-06-30T00:00:00.000Z',
    root: b64(pki.root.cert.der), sealMakers: [b64(pki.sealCa.cert.der)], crls: [b64(crl)],
    licences: { '11330100MB10000036001.11330105002500287C.0000000000000001.01': ['valid', 1, '2026-03-01', null] },
    handles: { [handleDigest(Buffer.from(sm3(Buffer.from(handle, 'utf8'))).toString('hex'))]: '11330100MB10000036001.11330105002500287C.0000000000000001.01' },
  };
  const value = sign(pki.signer.keys.privateKey, trustListBytes(list));
  return {
    list,
    signature: { algorithm: 'SM2-SM3', signerId: '1234567812345678', keyId: 'fuzz#1', certificateChain: [b64(pki.signer.cert.der), b64(pki.sealCa.cert.der)], value: b64(value) },
  };
}

/** A licence PDF as the service issues it (rendered, sealed with an SES container), on a throw-away SQLite. */
async function licencePdf(): Promise<Uint8Array> {
  const db = await sqlBackends[0]!.open();
  try {
    const kit = await makeLicenceKit(db.knex, { sealFiles: false });
    const issued = await issueLicence(kit.deps, {
      typeCode: PROOF, issuer: ISSUER,
      data: { name: '张某三', gender: '男', idNumber: '11010519491231002X', purpose: '入职', statement: '经查询，未发现张某三有犯罪记录。', queriedOn: '2026-02-28' },
    }, { id: 's_officer', kind: 'staff' });
    return (await kit.deps.store.transaction((tx) => tx.blobs.get(issued.blobKeys.pdf)))!.bytes;
  } finally {
    await db.cleanup();
  }
}

const enc = (s: string) => new TextEncoder().encode(s);

export async function makeSeeds(opts: { licencePdf?: boolean } = {}): Promise<Seeds> {
  const { pki, seal, signature } = await makeKit();
  const crl = await buildCrl({
    thisUpdate: AT, nextUpdate: days(AT, 30), crlNumber: 7,
    revoked: [{ serialNumber: pki.staff.cert.serialNumber, revocationDate: days(AT, -3), reason: 'keyCompromise', invalidityDate: days(AT, -5) }],
  }, { certificate: pki.sealCa.cert, signer: pki.sealCa.signer });
  const v1 = v1Sample(pki);
  const ofd = new Uint8Array(readFileSync(OFD_FIXTURE));
  const zip = openZip(ofd);
  const ofdSignature = [...zip.entries.keys()].filter((n) => n.endsWith('.dat')).map((n) => zip.read(n)!);
  const xmls = [...zip.entries.keys()].filter((n) => n.endsWith('.xml')).map((n) => zip.read(n)!);
  const foreignCerts = ofdSignature.flatMap((d) => {
    try {
      const p = signatureParts(decodeAnySignature(d));
      return [p.signerCert];
    } catch {
      return [];
    }
  });

  const plain = await makePdf(2);
  const image = sealPng(60);
  const rect = [400, 50, 520, 170] as const;
  const signer = withChain(pki.seal, pki.sealCa);
  const cmsStamped = await stampPdf(plain, { page: 1, rect, image, signer, signingTime: AT, name: '张三', reason: '同意', location: '某市' });
  const classic = await makePdf(1, { objectStreams: false });
  const sesStamped = await stampPdfWith(classic, {
    page: 1, rect, image, signingTime: SIGNED_AT, container: sesContainer({ seal, signer: withChain(pki.signer, pki.sealCa), time: SIGNED_AT }),
  });
  const pdfs: Uint8Array[] = [plain, cmsStamped.pdf, sesStamped.pdf];
  if (opts.licencePdf !== false) pdfs.push(await licencePdf());
  const cms = findSignatures(PdfDocument.load(cmsStamped.pdf)).flatMap((s) => (s.contents === undefined ? [] : [s.contents]));

  const trustList = signedTrustList(pki, crl.der);
  const licenceCsv = [
    'key,typeCode,validFrom,name,gender,idNumber\nk-1,11330100MB10000036001,2026-03-01,张某三,男,11010519491231002X\n"k-2","11330100MB10000036001",,"李""四",女,110105194912310021\r\n',
    '\uFEFFkey,typeCode,name\nk-3,T,"a,b\nc"\n\nk-4,T\n',
  ];
  const licenceJsonl = [
    '{"key":"k-1","typeCode":"11330100MB10000036001","data":{"name":"张某三","idNumber":"11010519491231002X"}}\n{"key":"k-2","typeCode":"T","validFrom":"2026-03-01","data":{}}\n\nnot json\n',
    '[1,2,{"a":null}]\r\n{"key":"\\u4e2d","data":{"x":"y"}}',
  ];
  const staffCsv = [
    'staffNumber,name,departmentId,positions,roles,phone\nS001,张三,d-amr,科长;主任,seal_user|licence_officer,13800138000\n"S002","李""四",d-amr,,staff_admin,\n',
    '\uFEFF工号,姓名,部门,职务,角色,手机\r\nS003,王五,d-1,"a;b",seal_user,\r\n',
  ];
  const qr = [
    `${PUBLIC_URL}/v/AB12CD34EF56GH78`, 'http://other.example/a/b/v/0123456789ABCDEF', ' https://zz.example.gov.cn/v/ab12cd34ef56gh78 ',
    shareCodeFromRandom(Uint8Array.of(1, 2, 3, 4, 5, 6, 7)), 'abcd-efgh', Buffer.alloc(32, 7).toString('base64url'), Buffer.alloc(24, 9).toString('base64url'),
  ];
  return {
    pki, anchors: [pki.root.cert.der], intermediates: [pki.sealCa.cert.der], crl, trustList,
    certificates: [pki.root, pki.sealCa, pki.staffCa, pki.seal, pki.signer, pki.staff].map((p) => p.cert.der).concat(foreignCerts),
    crls: [crl.der],
    seals: [seal.der, v1.seal],
    signatures: [signature.der, v1.signature, sesStamped.container, ...ofdSignature],
    cms, pdfs, ofds: [ofd], xmls: [...xmls, enc('<?xml version="1.0" encoding="UTF-8"?><a:R xmlns:a="u" k="1 &amp; 2"><a:C>x&lt;y&#x4e2d;<![CDATA[<z>]]></a:C><!-- c --><a:C/></a:R>')],
    trustLists: [JSON.stringify(trustList), JSON.stringify(trustList, null, 2)],
    licenceCsv, licenceJsonl, staffCsv, qr,
  };
}
