// A picture of a licence's face (SVG) for its holder (who checked access first), drawn at request
// time from what was issued rather than stored with every licence: issuance stays as fast as it
// is, and a holder looks at a licence far less often than licences are issued in bulk.
// Steps: the signed content (data, dates, issuer) → the template → the seal image from the SES
// signature that signed the licence (the very seal, for licences of any age) → lay out the face as
// issuance does → draw it as SVG.
import { decodeAnySignature } from '../../crypto/ses/any-signature.ts';
import { AppError } from '../../domain/errors.ts';
import type { LicenceRecord } from '../../domain/licence.ts';
import { chinaDay, licenceBlobKeys, readLicenceContent, verificationUrl } from './licence-deps.ts';
import type { LicenceDeps } from './licence-deps.ts';
import { layoutLicence } from './licence-face.ts';
import { renderLicenceSvg } from './render-licence-svg.ts';

/** The seal image (PNG) inside the licence's SES signature, or null when it holds another format. */
async function sealImageOf(deps: Pick<LicenceDeps, 'store'>, licence: LicenceRecord): Promise<Uint8Array | null> {
  const blob = await deps.store.transaction((tx) => tx.blobs.get(licenceBlobKeys(licence.id).signature));
  if (blob === null) return null;
  const signature = decodeAnySignature(blob.bytes);
  const picture = signature.version === 4 ? signature.toSign.eseal.sealInfo.picture : null;
  return picture && picture.type.toLowerCase() === 'png' ? picture.data : null;
}

export async function readLicenceFace(deps: Pick<LicenceDeps, 'store' | 'templates' | 'fonts' | 'publicUrl'>, licence: LicenceRecord): Promise<{ svg: string; filename: string }> {
  const template = deps.templates.get(licence.typeCode);
  if (!template) throw new AppError('ERR_NOT_FOUND', 'the licence\'s template is not served', { details: { typeCode: licence.typeCode } });
  const [content, sealImage] = await Promise.all([readLicenceContent(deps.store, licence.id), sealImageOf(deps, licence)]);
  const face = layoutLicence({
    template, data: content.data, fonts: deps.fonts,
    values: {
      identifier: licence.identifier, issuerName: licence.issuerName, issueDate: chinaDay(new Date(licence.issuedAt)),
      validFrom: licence.validFrom, validUntil: licence.validUntil, verificationUrl: verificationUrl(deps.publicUrl, licence.handle),
    },
  });
  const svg = renderLicenceSvg({ face, fonts: deps.fonts, sealImage, description: `${template.definition.name} ${licence.identifier}` });
  return { svg, filename: `${licence.identifier}.svg` };
}
