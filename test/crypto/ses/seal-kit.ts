// Seals for the SES tests, made with the x509 test hierarchy: the seal key (certificate issued by
// the seal-maker CA) makes the seal; the signer's certificate is listed in it.
import { makeSeal } from '../../../src/crypto/ses/make-seal.ts';
import type { SESeal } from '../../../src/crypto/ses/SESeal.ts';
import type { SES_ESPropertyInfo } from '../../../src/crypto/ses/SES_ESPropertyInfo.ts';
import { signWithSeal } from '../../../src/crypto/ses/sign-with-seal.ts';
import type { SES_Signature } from '../../../src/crypto/ses/SES_Signature.ts';
import { sm3 } from '../../../src/crypto/sm3.ts';
import { softwareSigner } from '../../../src/crypto/signer.ts';
import type { Signer } from '../../../src/crypto/signer.ts';
import { makePki } from '../x509/pki.ts';
import type { Party, Pki } from '../x509/pki.ts';

export const SEAL_START = new Date('2025-06-01T00:00:00Z');
export const SEAL_END = new Date('2027-06-01T00:00:00Z');
export const SIGNED_AT = new Date('2026-06-01T08:30:00Z');
export const NOW = new Date('2026-07-01T00:00:00Z');
export const DATA = new TextEncoder().encode('市场监督管理局 营业执照 第 0001 号');
export const PNG = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4);

/** A party's signer with its certificate chain, as the key vault would hand it out. */
export function withChain(p: Party, ...issuers: Party[]): Signer {
  return softwareSigner(`k-${p.cert.serialNumber}`, p.keys.privateKey, [p.cert.der, ...issuers.map((i) => i.cert.der)]);
}

export function property(pki: Pki, over: Partial<SES_ESPropertyInfo> = {}): SES_ESPropertyInfo {
  return {
    type: 1, name: '某市市场监督管理局', certListType: 1, certList: [pki.signer.cert.der],
    createDate: new Date('2025-05-30T02:00:00Z'), validStart: SEAL_START, validEnd: SEAL_END, ...over,
  } as SES_ESPropertyInfo;
}

export async function sealFor(pki: Pki, over: Partial<SES_ESPropertyInfo> = {}): Promise<SESeal> {
  return makeSeal({
    esID: '3301000000001', property: property(pki, over), picture: { type: 'png', data: PNG, width: 40, height: 40 },
    extDatas: [{ extnID: '1.2.156.10197.6.7.2.2.1', critical: false, extnValue: Uint8Array.of(1, 2) }],
    makerSigner: withChain(pki.seal, pki.sealCa),
  });
}

export interface Kit {
  readonly pki: Pki;
  readonly seal: SESeal;
  readonly signature: SES_Signature;
}

export async function makeKit(): Promise<Kit> {
  const pki = await makePki();
  const seal = await sealFor(pki);
  const signature = await signWithSeal({
    seal, signer: withChain(pki.signer, pki.sealCa), dataHash: sm3(DATA), propertyInfo: 'licence.pdf', time: SIGNED_AT,
  });
  return { pki, seal, signature };
}
