// Licence files sealed at rest with SM4 (crypto/sm4.ts: SM4-CTR with an HMAC-SM3 tag) under a
// data key of their own purpose, `licence-file`; the blob key is the associated data, so a sealed
// file cannot be moved under another key. A sealed file starts with a 4-byte mark; a file
// without it was stored unsealed (before sealing, or with `sealNew` off) and is read as it is,
// so sealing can be turned on or off at any time.
import { CryptoError } from '../../crypto/errors.ts';
import { sm4Decrypt, sm4Encrypt, sm4KeyIdOf } from '../../crypto/sm4.ts';
import { AppError } from '../../domain/errors.ts';
import type { DataKeys } from '../../ports/data-keys.ts';
import type { FileSealer } from '../../ports/file-sealer.ts';

const PURPOSE = 'licence-file';
const MARK = Buffer.from('yxF1', 'latin1');

const corrupt = (key: string, cause: unknown) => new AppError('ERR_DOCUMENT_INVALID', 'a stored file failed its integrity check', { cause, details: { key } });

export function dataKeyFileSealer(dataKeys: DataKeys, opts: { sealNew: boolean } = { sealNew: true }): FileSealer {
  return {
    async ready() {
      await dataKeys.current(PURPOSE);
    },
    async seal(key, bytes) {
      if (!opts.sealNew) return bytes;
      const { id, key: dataKey } = await dataKeys.current(PURPOSE);
      return Buffer.concat([MARK, sm4Encrypt(id, dataKey, bytes, Buffer.from(key, 'utf8'))]);
    },
    async open(key, stored) {
      if (stored.length < MARK.length || Buffer.compare(MARK, stored.subarray(0, MARK.length)) !== 0) return stored;
      const body = stored.subarray(MARK.length);
      let keyId: string;
      try {
        keyId = sm4KeyIdOf(body);
      } catch (e) {
        throw corrupt(key, e);
      }
      const dataKey = await dataKeys.byId(keyId);
      if (dataKey === undefined) throw new AppError('ERR_STORE_UNAVAILABLE', 'the data key of a sealed file is missing', { details: { keyId } });
      try {
        return sm4Decrypt(() => dataKey, body, Buffer.from(key, 'utf8'));
      } catch (e) {
        if (e instanceof CryptoError) throw corrupt(key, e);
        throw e;
      }
    },
  };
}
