// Making seals: the lifecycle with its history and CRL, the two-person rule, who may apply, the
// seal code, the seal data signed by the seal maker, uploaded images, the expiry sweep, and the
// security administrator's `seals` duty (suspend, resume, revoke, grants of any seal).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESeal } from '../../../src/crypto/ses/SESeal.ts';
import { verify } from '../../../src/crypto/sm2.ts';
import { parseCertificate } from '../../../src/crypto/x509/parse-certificate.ts';
import { parseCrl } from '../../../src/crypto/x509/parse-crl.ts';
import { validatePath } from '../../../src/crypto/x509/validate-path.ts';
import { isValidSealCode, kindOfSealCode } from '../../../src/domain/seal.ts';
import { applyForSeal } from '../../../src/services/seals/apply-for-seal.ts';
import { approveSeal } from '../../../src/services/seals/approve-seal.ts';
import { expireSeals } from '../../../src/services/seals/expire-seals.ts';
import { issueSealCrl } from '../../../src/services/seals/issue-seal-crl.ts';
import { resumeSeal } from '../../../src/services/seals/resume-seal.ts';
import { revokeSeal } from '../../../src/services/seals/revoke-seal.ts';
import { endSealGrant } from '../../../src/services/seals/end-seal-grant.ts';
import { grantSeal } from '../../../src/services/seals/grant-seal.ts';
import { listSealUses } from '../../../src/services/seals/list-seal-uses.ts';
import { listSeals } from '../../../src/services/seals/list-seals.ts';
import { readSeal } from '../../../src/services/seals/read-seal.ts';
import { SEAL_MAKER_SIGNING_KEY } from '../../../src/services/seals/seal-deps.ts';
import { suspendSeal } from '../../../src/services/seals/suspend-seal.ts';
import { encodePng, sealPng } from '../../pdf/fixtures.ts';
import { sqlBackends } from '../../support/sql-backends.ts';
import { ids, sealWorld } from './seal-fixture.ts';
import type { SealWorld } from './seal-fixture.ts';

const code = (p: Promise<unknown>) => p.then(() => 'resolved', (e: { code?: string }) => e.code);
const DAY = 86_400_000;

for (const backend of sqlBackends) describe(`seal registry (${backend.name})`, () => {
  let w: SealWorld;
  beforeAll(async () => { w = await sealWorld(backend); });
  afterAll(async () => { await w.cleanup(); });

  it('apply → approve makes a coded seal with a key, a certificate and SESeal v4 signed by the seal maker', async () => {
    const applied = await applyForSeal(w.deps, { kind: 'official', owner: { kind: 'department', id: 'd-amr' } }, { accountId: ids.keeper });
    expect(applied).toMatchObject({ status: 'pending', code: null, name: '某市市场监督管理局公章', widthMm: 42, heightMm: 42 });
    const seal = await approveSeal(w.deps, { sealId: applied.id, reason: '材料齐全' }, { accountId: ids.approver });
    expect(seal.status).toBe('active');
    expect(isValidSealCode(seal.code!)).toBe(true);
    expect(seal.code!.startsWith('3301001')).toBe(true);
    expect(kindOfSealCode(seal.code!)).toBe('official');
    expect(seal.imageSource).toBe('generated');

    const ses = SESeal.decode(seal.sesSeal!);
    const p = ses.sealInfo.property;
    expect(ses.sealInfo.esID).toBe(seal.code);
    expect(p).toMatchObject({ type: 1, name: seal.name, certListType: 1 });
    expect(p.certList).toEqual([seal.certificate]);
    expect(p.validEnd.toISOString()).toBe(seal.validEnd);
    expect(ses.sealInfo.picture).toMatchObject({ type: 'png', width: 42, height: 42 });
    // The seal maker signs with its own end-entity key, certified by the seal-maker CA.
    const maker = parseCertificate(ses.cert);
    const makerInfo = await w.deps.vault.info(SEAL_MAKER_SIGNING_KEY);
    expect(maker.der).toEqual(makerInfo!.certificateChain[0]);
    expect(verify(maker.publicKey, ses.sealInfo.der, ses.signedValue)).toBe(true);
    // The seal's certificate chains to the platform root and matches its vault key.
    const cert = parseCertificate(seal.certificate!);
    expect(cert.serialNumber).toBe(seal.certificateSerial);
    expect(cert.subject.text).toContain(seal.code!);
    validatePath({ leaf: cert.der, intermediates: (await w.deps.vault.info('seal-maker-ca'))!.certificateChain, anchors: [w.root], at: w.clock.now() });
    expect((await w.deps.vault.info(seal.keyId!))!.publicKey).toEqual(cert.publicKey);
    expect(await w.deps.seals.findByCode(seal.code!)).toMatchObject({ id: seal.id });
    const approval = (await w.audit.page(0, 10_000)).find((r) => r.action === 'seal.approve' && r.object === seal.id)!;
    expect(approval.actorId).toBe(ids.approver);
    expect(JSON.parse(approval.details)).toMatchObject({ sealCode: seal.code, applicantId: ids.keeper, reason: '材料齐全', certificateSerial: seal.certificateSerial });
  });

  it('two-person rule: nobody approves their own application; only approvers approve, once', async () => {
    const own = await applyForSeal(w.deps, { kind: 'finance', owner: { kind: 'department', id: 'd-amr' } }, { accountId: ids.both });
    expect(await code(approveSeal(w.deps, { sealId: own.id, reason: 'x' }, { accountId: ids.both }))).toBe('ERR_SEAL_TWO_PERSON_RULE');
    expect(await code(approveSeal(w.deps, { sealId: own.id, reason: 'x' }, { accountId: ids.keeper }))).toBe('ERR_FORBIDDEN');
    expect(await code(approveSeal(w.deps, { sealId: own.id, reason: '' }, { accountId: ids.approver }))).toBe('ERR_VALIDATION');
    expect((await w.deps.seals.find(own.id))!.status).toBe('pending');
    await approveSeal(w.deps, { sealId: own.id, reason: '同意' }, { accountId: ids.approver });
    expect(await code(approveSeal(w.deps, { sealId: own.id, reason: '再次' }, { accountId: ids.approver }))).toBe('ERR_SEAL_TRANSITION');
  });

  it('who may apply: a seal keeper, for their own department; one official seal per owner; legal persons at the counter', async () => {
    const apply = (accountId: string, owner: { kind: 'department' | 'legal_person'; id: string }, kind = 'contract' as const) =>
      code(applyForSeal(w.deps, { kind, owner }, { accountId }));
    expect(await apply(ids.clerk, { kind: 'department', id: 'd-amr' })).toBe('ERR_FORBIDDEN');
    expect(await apply(ids.finKeeper, { kind: 'department', id: 'd-amr' })).toBe('ERR_SEAL_OTHER_ORGANISATION');
    expect(await apply(ids.keeper, { kind: 'department', id: 'nope' })).toBe('ERR_VALIDATION');
    expect(await code(applyForSeal(w.deps, { kind: 'official', owner: { kind: 'department', id: 'd-amr' } }, { accountId: ids.keeper }))).toBe('ERR_CONFLICT');
    const nameSeal = await applyForSeal(w.deps, { kind: 'legal_representative', owner: { kind: 'legal_person', id: ids.company } }, { accountId: ids.keeper });
    expect(nameSeal).toMatchObject({ personName: '陈法人', widthMm: 18, owner: { kind: 'legal_person', name: '杭州某某科技有限公司' } });
    const made = await approveSeal(w.deps, { sealId: nameSeal.id, reason: '同意' }, { accountId: ids.approver });
    expect(kindOfSealCode(made.code!)).toBe('legal_representative');
  });

  it('an uploaded image is checked: PNG, size, dimensions, transparency', async () => {
    const apply = (image: Uint8Array) => code(applyForSeal(w.deps, { kind: 'contract', owner: { kind: 'department', id: 'd-amr' }, image }, { accountId: ids.keeper }));
    const opaque = encodePng(200, 200, new Uint8Array(200 * 200 * 4).fill(255));
    const blank = encodePng(200, 200, new Uint8Array(200 * 200 * 4));
    expect(await apply(opaque)).toBe('ERR_SEAL_IMAGE_INVALID');
    expect(await apply(blank)).toBe('ERR_SEAL_IMAGE_INVALID');
    expect(await apply(Buffer.from('GIF89a not a png'))).toBe('ERR_SEAL_IMAGE_INVALID');
    expect(await apply(sealPng(40))).toBe('ERR_SEAL_IMAGE_INVALID'); // too small
    expect(await apply(new Uint8Array(2 * 1024 * 1024).fill(1))).toBe('ERR_SEAL_IMAGE_INVALID');
    const uploaded = sealPng(300);
    const seal = await applyForSeal(w.deps, { kind: 'contract', owner: { kind: 'department', id: 'd-amr' }, image: uploaded }, { accountId: ids.keeper });
    const made = await approveSeal(w.deps, { sealId: seal.id, reason: '同意' }, { accountId: ids.approver });
    expect(made.imageSource).toBe('uploaded');
    expect(Buffer.from(SESeal.decode(made.sesSeal!).sealInfo.picture.data).equals(uploaded)).toBe(true);
  });

  it('suspend ↔ resume → revoke, each with a reason and an event, reflected in the CRL', async () => {
    const seal = await w.activeSeal();
    expect(await code(suspendSeal(w.deps, { sealId: seal.id, reason: '' }, { accountId: ids.keeper }))).toBe('ERR_VALIDATION');
    expect(await code(suspendSeal(w.deps, { sealId: seal.id, reason: '遗失' }, { accountId: ids.finKeeper }))).toBe('ERR_FORBIDDEN');
    w.clock.advance(60_000);
    const s1 = await suspendSeal(w.deps, { sealId: seal.id, reason: '疑似遗失' }, { accountId: ids.keeper });
    expect(s1).toMatchObject({ crlIssued: true, seal: { status: 'suspended' } });
    let crl = parseCrl((await w.deps.crls.latest())!.der);
    expect(crl.revoked.find((r) => r.serialNumber === seal.certificateSerial)).toMatchObject({ reason: 'certificateHold' });
    // Only an approver brings a seal back.
    expect(await code(resumeSeal(w.deps, { sealId: seal.id, reason: '找回' }, { accountId: ids.keeper }))).toBe('ERR_FORBIDDEN');
    w.clock.advance(60_000);
    await resumeSeal(w.deps, { sealId: seal.id, reason: '已找回' }, { accountId: ids.approver });
    crl = parseCrl((await w.deps.crls.latest())!.der);
    expect(crl.revoked.some((r) => r.serialNumber === seal.certificateSerial)).toBe(false);
    expect(await code(resumeSeal(w.deps, { sealId: seal.id, reason: 'x' }, { accountId: ids.approver }))).toBe('ERR_SEAL_TRANSITION');
    w.clock.advance(60_000);
    await revokeSeal(w.deps, { sealId: seal.id, reason: '机构撤并', revocationReason: 'cessation' }, { accountId: ids.keeper });
    crl = parseCrl((await w.deps.crls.latest())!.der);
    expect(crl.revoked.find((r) => r.serialNumber === seal.certificateSerial)).toMatchObject({ reason: 'cessationOfOperation' });
    expect(await code(resumeSeal(w.deps, { sealId: seal.id, reason: 'x' }, { accountId: ids.approver }))).toBe('ERR_SEAL_TRANSITION');
    expect(await code(suspendSeal(w.deps, { sealId: seal.id, reason: 'x' }, { accountId: ids.keeper }))).toBe('ERR_SEAL_TRANSITION');
    const events = await w.deps.seals.events(seal.id);
    expect(events.map((e) => [e.from, e.to, e.reason])).toEqual([
      [null, 'pending', 'application'], ['pending', 'active', '材料齐全'], ['active', 'suspended', '疑似遗失'],
      ['suspended', 'active', '已找回'], ['active', 'revoked', '机构撤并'],
    ]);
    // The CRL is genuine: signed by the seal-maker CA, numbers increasing.
    const ca = parseCertificate((await w.deps.vault.info('seal-maker-ca'))!.certificateChain[0]!);
    expect(crl.issuer.text).toBe(ca.subject.text);
    const again = await issueSealCrl(w.deps);
    expect(again.number).toBe(Number(crl.crlNumber) + 1);
    const actions = (await w.audit.page(0, 10_000)).filter((r) => r.object === seal.id).map((r) => r.action);
    expect(actions).toEqual(['seal.apply', 'seal.approve', 'seal.suspend', 'seal.resume', 'seal.revoke']);
  });

  it('expiry: past validEnd a seal is expired for every purpose, and the sweep records it', async () => {
    const seal = await w.activeSeal('finance');
    w.clock.set(new Date(Date.parse(seal.validEnd!) + DAY));
    try {
      expect(await code(suspendSeal(w.deps, { sealId: seal.id, reason: 'x' }, { accountId: ids.keeper }))).toBe('ERR_SEAL_EXPIRED');
      const { expired } = await expireSeals(w.deps);
      expect(expired).toContain(seal.id);
      expect((await w.deps.seals.find(seal.id))!.status).toBe('expired');
      expect((await w.deps.seals.events(seal.id)).at(-1)).toMatchObject({ from: 'active', to: 'expired', actorId: null });
      expect((await expireSeals(w.deps)).expired).not.toContain(seal.id);
    } finally {
      w.clock.set(new Date(Date.parse(seal.validStart!) + 3600_000));
    }
  });

  it("the security administrator suspends, resumes, revokes and grants any seal; the other administrators may not", async () => {
    const keeper = (await w.deps.accounts.findById(ids.keeper))!;
    const as = async (id: string, role: 'security_admin' | 'system_admin' | 'auditor') => {
      await w.deps.accounts.create({ ...keeper, id, name: id, staff: { ...keeper.staff!, staffNumber: id, departmentId: 'd-amr', roles: [role] } }, [`staff:${id}`]);
      return { accountId: id };
    };
    const security = await as('s_security', 'security_admin');
    const others = [await as('s_system', 'system_admin'), await as('s_auditor', 'auditor')];
    const seal = await w.activeSeal();
    for (const other of others) {
      expect(await code(suspendSeal(w.deps, { sealId: seal.id, reason: 'x' }, other))).toBe('ERR_FORBIDDEN');
      expect(await code(revokeSeal(w.deps, { sealId: seal.id, reason: 'x' }, other))).toBe('ERR_FORBIDDEN');
      expect(await code(grantSeal(w.deps, { sealId: seal.id, accountId: ids.clerk }, other))).toBe('ERR_FORBIDDEN');
      expect(await code(listSealUses(w.deps, { sealId: seal.id }, other))).toBe('ERR_FORBIDDEN');
    }
    expect((await listSeals(w.deps, security)).map((l) => l.seal.id)).toContain(seal.id);
    const grant = await grantSeal(w.deps, { sealId: seal.id, accountId: ids.clerk }, security);
    expect((await readSeal(w.deps, { sealId: seal.id }, security)).grants?.map((g) => g.id)).toEqual([grant.id]);
    expect(await endSealGrant(w.deps, { grantId: grant.id }, security)).toEqual({ ended: true });
    expect(await listSealUses(w.deps, { sealId: seal.id }, security)).toEqual([]);
    expect((await suspendSeal(w.deps, { sealId: seal.id, reason: '调查' }, security)).seal.status).toBe('suspended');
    expect(await code(resumeSeal(w.deps, { sealId: seal.id, reason: 'x' }, others[0]!))).toBe('ERR_FORBIDDEN');
    expect((await resumeSeal(w.deps, { sealId: seal.id, reason: '结束' }, security)).seal.status).toBe('active');
    expect((await revokeSeal(w.deps, { sealId: seal.id, reason: '撤销', revocationReason: 'cessation' }, security)).seal.status).toBe('revoked');
  });
});
