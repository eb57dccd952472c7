// Loads the native SM2 curve engine (src/crypto/native/sm2.c, built by node-gyp into
// build/Release). When it is missing, the SM2 functions fall back to the reference engine.
import { createRequire } from 'node:module';
import type { PreparedKey, Sm2Engine } from './sm2-engine.ts';

/** The functions the addon exports; all inputs are validated inside the addon. */
interface Binding {
  baseMul(k: Uint8Array): Uint8Array | null;
  mul(point: Uint8Array, k: Uint8Array): Uint8Array | null;
  isValidPoint(point: Uint8Array): boolean;
  prepareKey(point: Uint8Array): object | null;
  verify(key: object | Uint8Array, e: Uint8Array, r: Uint8Array, s: Uint8Array): boolean;
  sign(d: Uint8Array, e: Uint8Array, k: Uint8Array): Uint8Array | null;
}

interface NativeKey extends PreparedKey {
  readonly handle: object;
}

function load(): Binding | undefined {
  try {
    return createRequire(import.meta.url)('../../build/Release/yinxin_sm2.node') as Binding;
  } catch {
    return undefined;
  }
}

function wrap(b: Binding): Sm2Engine {
  return {
    name: 'native',
    baseMul: (k) => b.baseMul(k) ?? undefined,
    mul: (point, k) => b.mul(point, k) ?? undefined,
    isValidPoint: (point) => b.isValidPoint(point),
    prepareKey(point) {
      const handle = b.prepareKey(point);
      if (handle === null) return undefined;
      const key: NativeKey = { point: Uint8Array.from(point), handle };
      return key;
    },
    verify: (key, e, r, s) => b.verify(key instanceof Uint8Array ? key : (key as NativeKey).handle, e, r, s),
    sign: (d, e, k) => b.sign(d, e, k) ?? undefined,
  };
}

const binding = load();

/** The native engine, or undefined when the addon has not been built. */
export const nativeEngine: Sm2Engine | undefined = binding === undefined ? undefined : wrap(binding);
