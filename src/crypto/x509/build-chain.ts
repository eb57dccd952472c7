/**
 * Candidate chains from a leaf to a trust anchor, found by name and key identifier only.
 * No signature or policy is checked here: {@link validatePath} checks every candidate, so a
 * certificate that merely claims the right issuer name gains nothing.
 */
import type { Certificate } from './certificate.ts';
import { namesMatch } from './names.ts';

/** A candidate chain: leaf first, the anchor last. */
export interface CandidateChain {
  readonly certs: readonly Certificate[];
}

/** Where the search ended when no anchor could be reached. */
export interface ChainSearchFailure {
  /** The certificate whose issuer could not be found, and its depth. */
  readonly cert: Certificate;
  readonly depth: number;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/**
 * True when `issuer` may have issued `cert`: the issuer's subject matches the certificate's
 * issuer name and, when both carry key identifiers, AKI equals SKI.
 */
export function mayHaveIssued(issuer: Certificate, cert: Certificate): boolean {
  if (!namesMatch(issuer.subject, cert.issuer)) return false;
  const aki = cert.authorityKeyIdentifier?.keyIdentifier;
  const ski = issuer.subjectKeyIdentifier;
  return aki === undefined || ski === undefined || sameBytes(aki, ski);
}

/** Limits that keep a hostile certificate pool from making the search explode. */
const MAX_CANDIDATES = 16;

/**
 * All chains (up to a limit) from `leaf` to one of `anchors` through `intermediates`, shortest
 * first, never using a certificate twice. A leaf that is itself an anchor (same DER) is a chain
 * of one.
 */
export function findCandidateChains(
  leaf: Certificate, intermediates: readonly Certificate[], anchors: readonly Certificate[], maxIntermediates: number,
): { chains: CandidateChain[]; failure?: ChainSearchFailure } {
  if (anchors.some((a) => sameBytes(a.der, leaf.der))) return { chains: [{ certs: [leaf] }] };
  const chains: CandidateChain[] = [];
  let failure: ChainSearchFailure | undefined;
  // Breadth-first, so shorter chains come first.
  let frontier: Certificate[][] = [[leaf]];
  for (let depth = 0; depth <= maxIntermediates && frontier.length > 0 && chains.length < MAX_CANDIDATES; depth++) {
    const next: Certificate[][] = [];
    for (const path of frontier) {
      const tip = path[path.length - 1]!;
      const used = new Set(path.map((c) => c.fingerprintSm3));
      for (const anchor of anchors) {
        if (mayHaveIssued(anchor, tip) && !used.has(anchor.fingerprintSm3)) chains.push({ certs: [...path, anchor] });
      }
      const issuers = intermediates.filter((c) => !used.has(c.fingerprintSm3) && mayHaveIssued(c, tip));
      if (issuers.length === 0 && failure === undefined && !anchors.some((a) => mayHaveIssued(a, tip))) {
        failure = { cert: tip, depth: path.length - 1 };
      }
      if (depth < maxIntermediates) for (const i of issuers) next.push([...path, i]);
    }
    frontier = next.slice(0, MAX_CANDIDATES * 4);
  }
  return failure === undefined || chains.length > 0 ? { chains: chains.slice(0, MAX_CANDIDATES) } : { chains, failure };
}
