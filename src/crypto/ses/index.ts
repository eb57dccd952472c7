/**
 * GB/T 38540 electronic seal data (SES v4, and GM/T 0031 v1 for verification): one type per
 * structure with the standard's names, making seals and signatures, and verifying them.
 */
export { ExtensionDatas } from './ExtensionDatas.ts';
export type { ExtData } from './ExtensionDatas.ts';
export { SES_ESPictrueInfo } from './SES_ESPictrueInfo.ts';
export { SES_ESPropertyInfo } from './SES_ESPropertyInfo.ts';
export type { CertDigest, CertListOfCerts, CertListOfDigests } from './SES_ESPropertyInfo.ts';
export { SES_Header } from './SES_Header.ts';
export { SES_SealInfo } from './SES_SealInfo.ts';
export type { SES_SealInfoFields } from './SES_SealInfo.ts';
export { SESeal } from './SESeal.ts';
export type { SESealFields } from './SESeal.ts';
export { SESeal_v1 } from './SESeal_v1.ts';
export type { SES_SignInfo } from './SESeal_v1.ts';
export { TBS_Sign } from './TBS_Sign.ts';
export type { TBS_SignFields } from './TBS_Sign.ts';
export { TBS_Sign_v1 } from './TBS_Sign_v1.ts';
export { SES_Signature } from './SES_Signature.ts';
export type { SES_SignatureFields } from './SES_Signature.ts';
export { SES_Signature_v1 } from './SES_Signature_v1.ts';
export { decodeAnySeal, sealSignatureParts } from './any-seal.ts';
export type { AnySESeal } from './any-seal.ts';
export { decodeAnySignature, signatureParts } from './any-signature.ts';
export type { AnySESSignature, SignatureParts } from './any-signature.ts';
export { isListedInSeal } from './cert-list.ts';
export { makeSeal } from './make-seal.ts';
export type { MakeSealInput } from './make-seal.ts';
export { signWithSeal } from './sign-with-seal.ts';
export type { SignWithSealInput } from './sign-with-seal.ts';
export { OID_SM2_SIGN, OID_SM3_WITH_SM2 } from './ses-signing.ts';
export { MAX_SES_BYTES } from './ses-der.ts';
export { verifySesSignature } from './verify/verify-ses-signature.ts';
export type { SesVerificationResult, VerifySesOptions } from './verify/verify-ses-signature.ts';
export { verdictOf } from './verify/result.ts';
export type { CheckId, CheckRow, CheckStatus, Indication, SubIndication, Verdict } from './verify/result.ts';
export type { TrustOptions } from './verify/trust.ts';
