/**
 * Using a seal (用章): the signer signs the DER of TBS_Sign. Steps: check the signer's
 * certificate matches its key → check it is listed in the seal → check the seal is valid at the
 * signing time → encode TBS_Sign v4 → sign its bytes → assemble SES_Signature v4.
 */
import { CryptoError } from '../errors.ts';
import type { Signer } from '../signer.ts';
import { SM3_DIGEST_LENGTH } from '../sm3.ts';
import type { ExtensionDatas } from './ExtensionDatas.ts';
import type { SESeal } from './SESeal.ts';
import { SES_Signature } from './SES_Signature.ts';
import { TBS_Sign } from './TBS_Sign.ts';
import { isListedInSeal } from './cert-list.ts';
import { OID_SM3_WITH_SM2, signSesBytes, signerCertificate } from './ses-signing.ts';

/** What a signature with a seal needs. */
export interface SignWithSealInput {
  /** A v4 seal, embedded byte for byte. */
  readonly seal: SESeal;
  /** The signer; its certificate must be listed in the seal. */
  readonly signer: Signer;
  /** SM3 of the protected data (32 bytes). */
  readonly dataHash: Uint8Array;
  /** What is protected (e.g. the OFD path of Signature.xml, or the PDF byte ranges). */
  readonly propertyInfo: string;
  /** The signing time (from the Clock port). */
  readonly time: Date;
  readonly extDatas?: ExtensionDatas;
}

/**
 * Makes a GB/T 38540 v4 SES_Signature. Throws `ERR_SES_TEMPLATE` for unusable input,
 * `ERR_SES_SIGNER_NOT_LISTED` when the signer's certificate is not in the seal's certList,
 * `ERR_SES_SEAL_NOT_VALID` when the seal is outside its validity at `time`, `ERR_SES_SIGNER`
 * and `ERR_SES_SIGNING` for signer problems.
 */
export async function signWithSeal(input: SignWithSealInput): Promise<SES_Signature> {
  if (input?.seal?.version !== 4) throw new CryptoError('ERR_SES_TEMPLATE', 'a v4 seal is required');
  if (!(input.dataHash instanceof Uint8Array) || input.dataHash.length !== SM3_DIGEST_LENGTH) {
    throw new CryptoError('ERR_SES_TEMPLATE', 'dataHash must be a 32-byte SM3 digest');
  }
  if (!(input.time instanceof Date) || !Number.isFinite(input.time.getTime())) throw new CryptoError('ERR_SES_TEMPLATE', 'time must be a valid date');
  const cert = signerCertificate(input.signer);
  const property = input.seal.sealInfo.property;
  if (!isListedInSeal(property, cert.der)) {
    throw new CryptoError('ERR_SES_SIGNER_NOT_LISTED', 'the signer certificate is not listed in the seal');
  }
  const t = input.time.getTime();
  if (t < property.validStart.getTime() || t > property.validEnd.getTime()) {
    throw new CryptoError('ERR_SES_SEAL_NOT_VALID', 'the seal is not valid at the signing time');
  }
  const toSign = TBS_Sign.create({
    version: 4, eseal: input.seal, timeInfo: input.time, dataHash: input.dataHash, propertyInfo: input.propertyInfo,
    ...(input.extDatas === undefined ? {} : { extDatas: input.extDatas }),
  });
  const signature = await signSesBytes(input.signer, toSign.der);
  return SES_Signature.create({ toSign, cert: cert.der, signatureAlgID: OID_SM3_WITH_SM2, signature });
}
