// Files as other producers make them, for the verdict tests: an OFD with two seals laid out the
// way a common Java library (ofdrw) writes them, each seal's References covering every file in
// the package at its time, Signatures.xml included, so that the second seal breaks the first's
// reference to it; and seal-verification deps that need no database.
import { signWithSeal } from '../../../src/crypto/ses/sign-with-seal.ts';
import { sm3 } from '../../../src/crypto/sm3.ts';
import { PlatformKeys } from '../../../src/domain/platform-keys.ts';
import type { KeyVault } from '../../../src/ports/key-vault.ts';
import type { VerifySealDeps } from '../../../src/services/seals/verify-sealed-pdf.ts';
import { SIGNED_AT, sealFor, withChain } from '../../crypto/ses/seal-kit.ts';
import { writeZip } from '../../crypto/ofd/zip-writer.ts';
import type { Pki } from '../../crypto/x509/pki.ts';

const NS = 'http://www.ofdspec.org/2016';
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

const OFD_XML = `<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="${NS}" Version="1.1" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>d41d8cd98f00b204e9800998ecf8427e</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot><ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures></ofd:DocBody></ofd:OFD>`;
const DOCUMENT_XML = `<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="${NS}"><ofd:CommonData><ofd:MaxUnitID>10</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>`;
const CONTENT_XML = `<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="${NS}"><ofd:Content><ofd:Layer ID="2"><ofd:TextObject ID="3" Boundary="20 20 170 10" Font="4" Size="5"><ofd:TextCode X="0" Y="5">合同 第 0001 号</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>`;

function signaturesXml(count: number): string {
  const list = Array.from({ length: count }, (_, i) => `<ofd:Signature ID="${i + 1}" Type="Seal" BaseLoc="Sign_${i}/Signature.xml"/>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><ofd:Signatures xmlns:ofd="${NS}"><ofd:MaxSignId>${count}</ofd:MaxSignId>${list}</ofd:Signatures>`;
}

function signatureXml(index: number, files: ReadonlyMap<string, Uint8Array>, checkMethod: string): string {
  const refs = [...files].map(([path, data]) => `<ofd:Reference FileRef="/${path}"><ofd:CheckValue>${b64(sm3(data))}</ofd:CheckValue></ofd:Reference>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><ofd:Signature xmlns:ofd="${NS}"><ofd:SignedInfo><ofd:Provider ProviderName="ofdrw-sign" Company="ofdrw" Version="2.0"/>`
    + `<ofd:SignatureMethod>1.2.156.10197.1.501</ofd:SignatureMethod><ofd:SignatureDateTime>20260601083000Z</ofd:SignatureDateTime>`
    + `<ofd:References CheckMethod="${checkMethod}">${refs}</ofd:References><ofd:StampAnnot ID="${index + 1}" PageRef="1" Boundary="${40 + index * 50} 200 40 40"/></ofd:SignedInfo>`
    + `<ofd:SignedValue>/Doc_0/Signs/Sign_${index}/SignedValue.dat</ofd:SignedValue></ofd:Signature>`;
}

/**
 * Two seals in turn by the signer of `pki` (whose CA the verifier may not know). The first
 * writes CheckMethod as the SM3 OID, the second as `1.2.156.10197.1.401.2`, as the reference
 * implementation does. `signedValue` replaces the first seal's SignedValue.dat (e.g. with data
 * in a form no verifier reads).
 */
export async function twoSealOfd(pki: Pki, opts: { signedValue?: Uint8Array } = {}): Promise<Uint8Array> {
  const seal = await sealFor(pki);
  const signer = withChain(pki.signer, pki.sealCa);
  const files = new Map<string, Uint8Array>([['OFD.xml', utf8(OFD_XML)], ['Doc_0/Document.xml', utf8(DOCUMENT_XML)], ['Doc_0/Pages/Page_0/Content.xml', utf8(CONTENT_XML)]]);
  for (const [index, checkMethod] of [[0, '1.2.156.10197.1.401'], [1, '1.2.156.10197.1.401.2']] as const) {
    files.set('Doc_0/Signs/Signatures.xml', utf8(signaturesXml(index + 1)));
    const xml = utf8(signatureXml(index, files, checkMethod));
    const sig = await signWithSeal({ seal, signer, dataHash: sm3(xml), propertyInfo: `/Doc_0/Signs/Sign_${index}/Signature.xml`, time: SIGNED_AT });
    files.set(`Doc_0/Signs/Sign_${index}/Signature.xml`, xml);
    files.set(`Doc_0/Signs/Sign_${index}/SignedValue.dat`, index === 0 && opts.signedValue !== undefined ? opts.signedValue : sig.der);
  }
  return writeZip([...files].map(([name, data]) => ({ name, data })));
}

/** Seal verification with the given anchors and seal-maker CA, no registry and no CRL. */
export function sealDepsWithout(anchors: Uint8Array[], sealMakerCa: Uint8Array | null, now: Date): VerifySealDeps {
  const vault = { info: async (name: string) => (name === PlatformKeys.sealMakerCa && sealMakerCa !== null ? { certificateChain: [sealMakerCa] } : null) };
  return {
    seals: { findByCode: async () => null, events: async () => [] },
    crls: { save: async () => false, latest: async () => null },
    vault: vault as unknown as KeyVault,
    clock: { now: () => now },
    settings: { divisionCode: '999999', maxPdfBytes: 50 * 1024 * 1024 },
    anchors: () => anchors,
  };
}
