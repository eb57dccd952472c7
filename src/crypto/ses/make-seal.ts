/**
 * Making a seal (制章): the seal maker signs the DER of SES_SealInfo. Steps: check the maker's
 * certificate matches its key → encode SES_SealInfo v4 → sign its bytes → assemble SESeal v4.
 */
import { CryptoError } from '../errors.ts';
import type { Signer } from '../signer.ts';
import type { ExtensionDatas } from './ExtensionDatas.ts';
import { SESeal } from './SESeal.ts';
import type { SES_ESPictrueInfo } from './SES_ESPictrueInfo.ts';
import type { SES_ESPropertyInfo } from './SES_ESPropertyInfo.ts';
import { SES_SealInfo } from './SES_SealInfo.ts';
import { OID_SM3_WITH_SM2, signSesBytes, signerCertificate } from './ses-signing.ts';

/** What goes into a new seal. */
export interface MakeSealInput {
  /** The seal code (印章编码). */
  readonly esID: string;
  /** Vendor identifier for the header; default `YINXIN`. */
  readonly vid?: string;
  readonly property: SES_ESPropertyInfo;
  readonly picture: SES_ESPictrueInfo;
  readonly extDatas?: ExtensionDatas;
  /** The seal maker's key; its certificate (certificateChain[0]) goes into the seal. */
  readonly makerSigner: Signer;
}

function checkInput(input: MakeSealInput): void {
  const p = input?.property;
  if (p === undefined || p.certList.length === 0) throw new CryptoError('ERR_SES_TEMPLATE', 'the seal must list at least one signer');
  const dates = [p.createDate, p.validStart, p.validEnd];
  if (!dates.every((d) => d instanceof Date && Number.isFinite(d.getTime()))) throw new CryptoError('ERR_SES_TEMPLATE', 'seal dates must be valid');
  if (p.validEnd.getTime() <= p.validStart.getTime()) throw new CryptoError('ERR_SES_TEMPLATE', 'validEnd must be after validStart');
}

/**
 * Makes a GB/T 38540 v4 seal signed by the seal maker. Throws `ERR_SES_TEMPLATE` for unusable
 * input, `ERR_SES_SIGNER` when the maker's certificate does not match its key, and
 * `ERR_SES_SIGNING` when the signer fails.
 */
export async function makeSeal(input: MakeSealInput): Promise<SESeal> {
  checkInput(input);
  const maker = signerCertificate(input.makerSigner);
  const sealInfo = SES_SealInfo.create({
    header: { id: 'ES', version: 4, vid: input.vid ?? 'YINXIN' },
    esID: input.esID,
    property: { ...input.property, form: 'v4' },
    picture: input.picture,
    ...(input.extDatas === undefined ? {} : { extDatas: input.extDatas }),
  });
  const signedValue = await signSesBytes(input.makerSigner, sealInfo.der);
  return SESeal.create({ sealInfo, cert: maker.der, signAlgID: OID_SM3_WITH_SM2, signedValue });
}
