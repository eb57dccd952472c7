// Verify a detached SES_Signature (验章) with its data or the data's SM3 hash: the one check of
// a detached signature, whether a staff app sends it with its data, a verifier uploads a
// licence's signature, or a licence's stored signature is checked on a scan of its QR code.
// Steps: trust material (as for PDFs, unless the caller has read it) → the GB/T 38540 checks (seal
// maker signature and chain, seal validity, signer listed, signature over TBS_Sign, signer chain,
// dataHash against the data or the given hash) → the seal's status at the signing time from the
// registry → the worse of the two verdicts.
import { verifySesSignature } from '../../crypto/ses/verify/verify-ses-signature.ts';
import type { SesVerificationResult } from '../../crypto/ses/index.ts';
import type { Indication } from '../../pdf/verify.ts';
import type { VerificationTrust } from '../../ports/licence-checks.ts';
import type { SesVerifier } from '../../ports/ses-verifier.ts';
import { invalid } from './seal-deps.ts';
import { registryCheck } from './seal-registry-check.ts';
import type { RegistryCheck } from './seal-registry-check.ts';
import { registryVerdict, worstOf } from './verify-sealed-pdf.ts';
import type { SealSubIndication, VerifySealDeps } from './verify-sealed-pdf.ts';
import { verificationTrust } from './verification-trust.ts';

export interface DetachedVerifyRequest {
  /** SES_Signature DER. */
  signature: Uint8Array;
  data?: Uint8Array;
  sm3?: Uint8Array;
  /** The trust material, when the caller has read it already. */
  trust?: VerificationTrust;
}

export interface DetachedVerifyReport {
  indication: Indication;
  subIndication?: SealSubIndication;
  ses: SesVerificationResult;
  registry: RegistryCheck;
}

const direct: SesVerifier = { verify: verifySesSignature };

export async function verifyDetachedSes(deps: VerifySealDeps, input: DetachedVerifyRequest): Promise<DetachedVerifyReport> {
  if (!(input?.signature instanceof Uint8Array) || input.signature.length === 0) invalid('signature', 'an SES_Signature is required');
  if ((input.data === undefined) === (input.sm3 === undefined)) invalid('data', 'give either the data or its SM3 hash');
  if (input.sm3 !== undefined && (!(input.sm3 instanceof Uint8Array) || input.sm3.length !== 32)) invalid('sm3', 'must be a 32-byte SM3 digest');
  if (input.data !== undefined && !(input.data instanceof Uint8Array)) invalid('data', 'must be bytes');
  const trust = input.trust ?? await verificationTrust(deps);
  const now = deps.clock.now();
  const ses = (deps.ses ?? direct).verify({
    signature: input.signature, anchors: trust.anchors, intermediates: trust.intermediates, crls: trust.crls, at: now,
    ...(input.data === undefined ? { dataHash: input.sm3! } : { data: input.data }),
  });
  const registry = await registryCheck(deps.seals, ses, deps.settings.divisionCode, now);
  return { ...worstOf([{ indication: ses.indication, subIndication: ses.subIndication }, registryVerdict(registry)]), ses, registry };
}
