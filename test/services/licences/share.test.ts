// Shares (亮证) on every SQL backend: codes carry a check character; a share resolves by code or
// link with only the chosen fields in full; it gives SHARE_EXPIRED once revoked, expired or
// (single use) spent, and only one of two racing verifiers gets a single-use share.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidShareCode, shareCodeFromRandom, SHARE_CODE_ALPHABET } from '../../../src/domain/licence-share.ts';
import type { LicenceRecord } from '../../../src/domain/licence.ts';
import { changeLicenceStatus } from '../../../src/services/licences/change-licence-status.ts';
import { createLicenceShare } from '../../../src/services/licences/create-licence-share.ts';
import { issueLicence } from '../../../src/services/licences/issue-licence.ts';
import { listLicenceShares } from '../../../src/services/licences/list-licence-shares.ts';
import { refreshShareQr } from '../../../src/services/licences/refresh-share-qr.ts';
import { resolveShare } from '../../../src/services/licences/resolve-share.ts';
import { revokeLicenceShare } from '../../../src/services/licences/revoke-licence-share.ts';
import { sqlBackends } from '../../support/sql-backends.ts';
import { BUSINESS, businessData, ISSUER, makeLicenceKit, testHolderIndex } from './licence-kit.ts';
import type { LicenceKit } from './licence-kit.ts';

const STAFF = { id: 's_clerk', kind: 'staff' } as const;

describe('share codes', () => {
  it('catch every single mistyped character and every swap of neighbours', () => {
    for (let n = 0; n < 200; n++) {
      const code = shareCodeFromRandom(Uint8Array.from({ length: 7 }, () => Math.floor(Math.random() * 256)));
      expect(isValidShareCode(code)).toBe(true);
      for (let i = 0; i < 8; i++) {
        for (const c of SHARE_CODE_ALPHABET) if (c !== code[i]) expect(isValidShareCode(code.slice(0, i) + c + code.slice(i + 1))).toBe(false);
        if (i < 7 && code[i] !== code[i + 1]) expect(isValidShareCode(code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2))).toBe(false);
      }
    }
    expect(isValidShareCode('O0I1L234')).toBe(false);
  });
});

describe.each(sqlBackends)('licence shares on $name', (backend) => {
  let db: Awaited<ReturnType<typeof backend.open>>;
  let kit: LicenceKit;
  let licence: LicenceRecord;
  let holder: { accountId: string; kind: 'legal_person'; holderKeys: string[] };
  beforeAll(async () => {
    db = await backend.open();
    kit = await makeLicenceKit(db.knex);
    licence = (await issueLicence(kit.deps, { typeCode: BUSINESS, issuer: ISSUER, data: businessData() }, STAFF)).licence;
    holder = { accountId: 'o_company', kind: 'legal_person', holderKeys: [await testHolderIndex.keyFor('legal_person', '91330100MA2A00001M')] };
  });
  afterAll(async () => db.cleanup());

  const share = (over: Record<string, unknown> = {}) => createLicenceShare(kit.deps, holder, { licenceId: licence.id, fields: ['legalRepresentative'], purpose: '招投标', ...over });

  it('shows only the chosen fields in full, by code or by link, and logs each look', async () => {
    const { share: s, url } = await share();
    expect(Date.parse(s.expiresAt) - kit.clock.now().getTime()).toBe(300_000);
    const r = await resolveShare(kit.deps, `${s.code.slice(0, 4)}-${s.code.slice(4)}`, { kind: 'public', clientIp: '198.51.100.4' });
    expect(r.fields.filter((f) => !f.masked).map((f) => f.field)).toEqual(['legalRepresentative']);
    expect(r.fields.find((f) => f.field === 'legalRepresentative')?.value).toBe('张三丰');
    expect(r.fields.find((f) => f.field === 'creditCode')).toMatchObject({ masked: true });
    expect(r.fields.find((f) => f.field === 'creditCode')?.value).not.toBe('91330100MA2A00001M');
    expect(r).toMatchObject({ typeName: '营业执照', licence: { id: licence.id }, share: { purpose: '招投标', code: s.code } });
    expect((await resolveShare(kit.deps, url.split('/').pop() as string)).share.id).toBe(s.id);
    const listed = await listLicenceShares(kit.deps, holder, licence.id);
    expect(listed.find((x) => x.id === s.id)?.accesses).toMatchObject([{ verifierKind: 'public', clientIpMasked: '198.51.*.*' }, { verifierKind: 'public' }]);
    expect(JSON.stringify(await kit.knex('licence_shares').select('*'))).not.toContain(url.split('/').pop());
  });

  it('gives SHARE_EXPIRED after expiry, after revocation at once, and to the second look at a single-use share', async () => {
    const a = (await share({ lifetimeSeconds: 60 })).share;
    const b = (await share({ lifetimeSeconds: 3600 })).share;
    const c = (await share({ singleUse: true })).share;
    const results = await Promise.allSettled([resolveShare(kit.deps, c.code), resolveShare(kit.deps, c.code)]);
    expect(results.map((x) => x.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((x) => x.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'ERR_LICENCE_SHARE_EXPIRED' });
    await revokeLicenceShare(kit.deps, holder, b.id);
    await expect(resolveShare(kit.deps, b.code)).rejects.toMatchObject({ code: 'ERR_LICENCE_SHARE_EXPIRED', details: { issues: [{ code: 'share_revoked' }] } });
    kit.clock.set(new Date(kit.clock.now().getTime() + 61_000));
    await expect(resolveShare(kit.deps, a.code)).rejects.toMatchObject({ code: 'ERR_LICENCE_SHARE_EXPIRED', details: { issues: [{ code: 'share_expired' }] } });
    const states = Object.fromEntries((await listLicenceShares(kit.deps, holder, licence.id)).map((x) => [x.id, x.state]));
    expect([states[a.id], states[b.id], states[c.id]]).toEqual(['expired', 'revoked', 'used']);
  });

  it('gives the on-screen QR a new short-lived token each time, each working for 90 s and never past the share', async () => {
    const { share: s } = await share({ lifetimeSeconds: 120 });
    const token = (url: string) => url.split('/').pop() as string;
    const q1 = await refreshShareQr(kit.deps, holder, s.id);
    expect(token(q1.url)).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(Date.parse(q1.expiresAt) - kit.clock.now().getTime()).toBe(90_000);
    kit.clock.set(new Date(kit.clock.now().getTime() + 60_000));
    const q2 = await refreshShareQr(kit.deps, holder, s.id);
    expect(q2.url).not.toBe(q1.url);
    expect(q2.expiresAt).toBe(s.expiresAt);
    expect((await resolveShare(kit.deps, token(q1.url), { kind: 'public' })).share.id).toBe(s.id);
    expect((await resolveShare(kit.deps, token(q2.url), { kind: 'public' })).share.id).toBe(s.id);
    kit.clock.set(new Date(kit.clock.now().getTime() + 31_000));
    await expect(resolveShare(kit.deps, token(q1.url))).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
    expect((await resolveShare(kit.deps, token(q2.url))).share.id).toBe(s.id);
    // The next token drops the lapsed ones; only digests are kept.
    const q3 = await refreshShareQr(kit.deps, holder, s.id);
    const rows = await kit.knex('licence_share_qr_tokens').where('share_id', s.id).select('*');
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toContain(token(q3.url));
    await revokeLicenceShare(kit.deps, holder, s.id);
    await expect(resolveShare(kit.deps, token(q3.url))).rejects.toMatchObject({ code: 'ERR_LICENCE_SHARE_EXPIRED' });
    await expect(refreshShareQr(kit.deps, holder, s.id)).rejects.toMatchObject({ code: 'ERR_LICENCE_SHARE_EXPIRED', details: { issues: [{ code: 'share_revoked' }] } });
    const stranger = { accountId: 'o_other', kind: 'legal_person' as const, holderKeys: ['uscc:91330106MA2B000022'] };
    await expect(refreshShareQr(kit.deps, stranger, (await share()).share.id)).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
    await expect(resolveShare(kit.deps, 'y'.repeat(32))).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
  });

  it('refuses bad codes, unknown fields, other holders, and licences that are not valid', async () => {
    await expect(resolveShare(kit.deps, 'ABC')).rejects.toMatchObject({ code: 'ERR_VALIDATION', details: { issues: [{ code: 'bad_format' }] } });
    const { share: s } = await share();
    const typo = s.code.slice(0, 7) + SHARE_CODE_ALPHABET[(SHARE_CODE_ALPHABET.indexOf(s.code[7] as string) + 1) % SHARE_CODE_ALPHABET.length];
    await expect(resolveShare(kit.deps, typo)).rejects.toMatchObject({ code: 'ERR_VALIDATION', details: { issues: [{ code: 'check_character' }] } });
    await expect(resolveShare(kit.deps, 'x'.repeat(43))).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
    await expect(share({ fields: ['nope'], purpose: '' })).rejects.toMatchObject({ code: 'ERR_VALIDATION', details: { issues: [{ path: ['fields', '0'], code: 'unknown_field' }, { path: ['purpose'], code: 'required' }] } });
    await expect(share({ lifetimeSeconds: 10 })).rejects.toMatchObject({ details: { issues: [{ path: ['lifetimeSeconds'] }] } });
    const stranger = { accountId: 'o_other', kind: 'legal_person' as const, holderKeys: ['uscc:91330106MA2B000022'] };
    await expect(createLicenceShare(kit.deps, stranger, { licenceId: licence.id, fields: [], purpose: 'x' })).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
    await expect(revokeLicenceShare(kit.deps, stranger, s.id)).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
    await changeLicenceStatus(kit.deps, { licenceId: licence.id, action: 'suspend', reason: '核查' }, STAFF);
    await expect(share()).rejects.toMatchObject({ code: 'ERR_LICENCE_TRANSITION', details: { issues: [{ code: 'not_valid' }] } });
  });
});
