import { isCryptoError } from '../../src/crypto/errors.ts';

/** The CryptoError code `f` throws, undefined when it returns, or a marker for any other throw. */
export function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isCryptoError(e) ? e.code : `not a CryptoError: ${String(e)}`;
  }
  return undefined;
}
