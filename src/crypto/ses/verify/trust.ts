/**
 * What the verifier trusts: only the anchors the caller configures. Certificates found inside
 * seal data are never anchors; at most they are candidates that must chain to one.
 */
import { CryptoError } from '../../errors.ts';
import type { Certificate } from '../../x509/certificate.ts';
import type { Crl } from '../../x509/crl.ts';
import { parseCertificate } from '../../x509/parse-certificate.ts';
import { parseCrl } from '../../x509/parse-crl.ts';

/** Trust settings for one verification. */
export interface TrustOptions {
  /** Trust anchors for the seal maker's and the signer's chains (DER or parsed). */
  readonly anchors: readonly (Certificate | Uint8Array)[];
  /** Untrusted intermediate CA certificates that may complete a chain. */
  readonly intermediates?: readonly (Certificate | Uint8Array)[];
  /** CRLs to consult (DER or parsed). */
  readonly crls?: readonly (Crl | Uint8Array)[];
  /**
   * When true, a certificate whose revocation state cannot be established from the given CRLs
   * makes the result INDETERMINATE/TRY_LATER. Default false: the state is reported as
   * `unchecked`, never as good.
   */
  readonly requireRevocationInfo?: boolean;
}

/** Trust settings with everything parsed once. */
export interface TrustContext {
  readonly anchors: readonly Certificate[];
  readonly intermediates: readonly Certificate[];
  readonly crls: readonly Crl[];
  readonly requireRevocationInfo: boolean;
}

function parsedOrSkip<T>(items: readonly (T | Uint8Array)[] | undefined, parse: (b: Uint8Array) => T): T[] {
  return (items ?? []).flatMap((x) => {
    if (!(x instanceof Uint8Array)) return [x];
    try {
      return [parse(x)];
    } catch {
      return [];
    }
  });
}

/**
 * Parses the trust settings. An anchor that cannot be parsed is a configuration error
 * (`ERR_SES_TRUST`); undecodable intermediates and CRLs are skipped, since they only ever
 * add candidates or evidence.
 */
export function trustContext(opts: TrustOptions): TrustContext {
  if (!Array.isArray(opts.anchors)) throw new CryptoError('ERR_SES_TRUST', 'anchors must be a list of certificates');
  const anchors = opts.anchors.map((a) => {
    try {
      return a instanceof Uint8Array ? parseCertificate(a) : a;
    } catch (e) {
      throw new CryptoError('ERR_SES_TRUST', 'a trust anchor cannot be parsed', { cause: e });
    }
  });
  return {
    anchors,
    intermediates: parsedOrSkip(opts.intermediates, parseCertificate),
    crls: parsedOrSkip(opts.crls, parseCrl),
    requireRevocationInfo: opts.requireRevocationInfo === true,
  };
}
