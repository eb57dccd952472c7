// Licence files sealed at rest: what the database holds reads as noise, what the store gives back
// is the file; a changed byte or a file moved under another key fails its check; files stored
// before sealing read as they are. Issuance over every SQL backend stores sealed files only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataKeyFileSealer } from '../../src/adapters/licences/data-key-file-sealer.ts';
import type { DataKeys } from '../../src/ports/data-keys.ts';
import { issueLicence } from '../../src/services/licences/issue-licence.ts';
import { licenceBlobKeys } from '../../src/services/licences/licence-deps.ts';
import { BUSINESS, businessData, ISSUER, makeLicenceKit } from '../services/licences/licence-kit.ts';
import type { LicenceKit } from '../services/licences/licence-kit.ts';
import { sqlBackends } from '../support/sql-backends.ts';

const keys = new Map<string, Uint8Array>([['licence-file-1', new Uint8Array(32).fill(7)]]);
const memoryDataKeys: DataKeys = {
  current: async () => ({ id: 'licence-file-1', key: keys.get('licence-file-1')! }),
  byId: async (id) => keys.get(id),
};

describe('the licence file sealer', () => {
  const sealer = dataKeyFileSealer(memoryDataKeys);
  const file = new TextEncoder().encode('{"holder":{"name":"张某三","idNumber":"11010519491231002X"}}');

  it('seals to a marked ciphertext without the plaintext, and opens it again under the same key', async () => {
    const sealed = await sealer.seal('licences/a/content.json', file);
    expect(Buffer.from(sealed.subarray(0, 4)).toString('latin1')).toBe('yxF1');
    expect(Buffer.from(sealed).includes(Buffer.from('11010519491231002X'))).toBe(false);
    expect(Buffer.from(await sealer.open('licences/a/content.json', sealed))).toEqual(Buffer.from(file));
    // Two seals of one file differ (a fresh IV each time).
    expect(Buffer.from(await sealer.seal('licences/a/content.json', file))).not.toEqual(Buffer.from(sealed));
  });

  it('refuses a changed byte, a file moved under another key and a cut file with ERR_DOCUMENT_INVALID', async () => {
    const sealed = await sealer.seal('licences/a/content.json', file);
    const changed = Uint8Array.from(sealed);
    changed[40]! ^= 1;
    await expect(sealer.open('licences/a/content.json', changed)).rejects.toMatchObject({ code: 'ERR_DOCUMENT_INVALID' });
    await expect(sealer.open('licences/b/content.json', sealed)).rejects.toMatchObject({ code: 'ERR_DOCUMENT_INVALID' });
    await expect(sealer.open('licences/a/content.json', sealed.subarray(0, 10))).rejects.toMatchObject({ code: 'ERR_DOCUMENT_INVALID' });
  });

  it('with sealing off, stores files as they are and still opens sealed ones', async () => {
    const off = dataKeyFileSealer(memoryDataKeys, { sealNew: false });
    expect(Buffer.from(await off.seal('licences/a/content.json', file))).toEqual(Buffer.from(file));
    const sealed = await sealer.seal('licences/a/content.json', file);
    expect(Buffer.from(await off.open('licences/a/content.json', sealed))).toEqual(Buffer.from(file));
  });

  it('reads files stored before sealing as they are, and says so when a data key is missing', async () => {
    expect(Buffer.from(await sealer.open('licences/a/content.json', file))).toEqual(Buffer.from(file));
    const sealed = await sealer.seal('licences/a/content.json', file);
    const forgetful = dataKeyFileSealer({ current: memoryDataKeys.current, byId: async () => undefined });
    await expect(forgetful.open('licences/a/content.json', sealed)).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
  });
});

describe.each(sqlBackends)('licence files at rest over $name', (backend) => {
  let db: Awaited<ReturnType<typeof backend.open>>;
  let kit: LicenceKit;
  beforeAll(async () => {
    db = await backend.open();
    kit = await makeLicenceKit(db.knex);
  }, 60_000);
  afterAll(async () => db?.cleanup());

  it('an issued licence leaves only sealed files in the database; the store reads them back', async () => {
    const issued = await issueLicence(kit.deps, { typeCode: BUSINESS, issuer: ISSUER, data: businessData() }, { id: 's_clerk', kind: 'staff' });
    const k = licenceBlobKeys(issued.licence.id);
    const rows: { blob_key: string; bytes: Uint8Array }[] = await db.knex('stored_blobs').whereIn('blob_key', [k.content, k.signature, k.pdf]).select('blob_key', 'bytes');
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(Buffer.from(r.bytes).subarray(0, 4).toString('latin1'), r.blob_key).toBe('yxF1');
      expect(Buffer.from(r.bytes).includes(Buffer.from('杭州某某科技有限公司')), r.blob_key).toBe(false);
    }
    const [content, pdf] = await kit.store.transaction(async (tx) => [await tx.blobs.get(k.content), await tx.blobs.get(k.pdf)]);
    expect(new TextDecoder().decode(content!.bytes)).toContain('杭州某某科技有限公司');
    expect(Buffer.from(pdf!.bytes).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
