// One issue, one stamp and one verification of each on a production install (run by
// scripts/prod-install-check.sh with a tree installed by `npm ci --omit=dev`). It builds the
// container over the running service's data and keys directories, makes a department with a
// licence seal and an official seal, issues a licence and stamps a PDF through the use cases, then
// asks the running service (YINXIN_URL) to verify both. It imports only from src/ and production
// dependencies, so on a tree without devDependencies any stray import of one fails here.
// Exit 0 when both verify as VALID and the SM2 engine is the native one; 1 otherwise.
import { PDFDocument } from 'pdf-lib';
import { loadConfig } from '../src/config/load.ts';
import { createContainer } from '../src/container.ts';
import { SM2_ENGINE } from '../src/crypto/sm2.ts';
import { createAccount } from '../src/services/identity/create-account.ts';
import { issueLicence } from '../src/services/licences/issue-licence.ts';

const base = process.env.YINXIN_URL;
if (!base) throw new Error('YINXIN_URL must name the running service');
const ISSUER = { code: '11330105002500287C', name: '杭州市西湖区市场监督管理局' };
const BUSINESS_LICENCE = '11100000000013338W011';
const system = { id: 'system:prod-install-check', kind: 'system' as const };
const password = 'prod install check 7261';

function step(what: string, ok: boolean, detail = ''): void {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? `: ${detail}` : ''}`);
  if (!ok) process.exitCode = 1;
}

async function verdictOf(res: Response): Promise<string> {
  const body = (await res.json()) as { verdict?: { result?: string }; error?: { code?: string } };
  return body.verdict?.result ?? body.error?.code ?? `HTTP ${res.status}`;
}

async function onePagePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText('prod install check', { x: 72, y: 760, size: 14 });
  return doc.save();
}

const c = await createContainer({ ...loadConfig(), logLevel: 'warn' }, { background: false });
try {
  step('SM2 engine is the native addon', SM2_ENGINE === 'native', SM2_ENGINE);
  const accounts = c.identity.accounts;
  await accounts.addDepartment({ id: 'city', parentId: null, name: '杭州市', kind: 'city' });
  await accounts.addDepartment({ id: 'amr', parentId: 'city', name: ISSUER.name, kind: 'bureau', creditCode: ISSUER.code });
  const staff = (name: string, staffNumber: string, departmentId: string, roles: ('licence_issuer' | 'clerk' | 'seal_keeper' | 'seal_approver')[]) =>
    createAccount(c.identity, { kind: 'staff', name, staffNumber, departmentId, roles, password }, system);
  const issuer = await staff('钱发证', 'L001', 'amr', ['licence_issuer']);
  const clerk = await staff('孙经办', 'C001', 'amr', ['clerk']);
  const keeper = await staff('王保管', 'K001', 'amr', ['seal_keeper']);
  const approver = await staff('赵审批', 'P001', 'city', ['seal_approver']);
  const sealFor = async (kind: 'licence' | 'official') => {
    const applied = await c.seals.apply({ kind, owner: { kind: 'department', id: 'amr' } }, { accountId: keeper.id });
    return c.seals.approve({ sealId: applied.id, reason: '材料齐全' }, { accountId: approver.id });
  };
  await sealFor('licence');
  const official = await sealFor('official');
  step('department, staff, licence seal and official seal made', true, official.code ?? official.id);

  const issued = await issueLicence(c.licences, {
    typeCode: BUSINESS_LICENCE, issuer: ISSUER,
    data: {
      creditCode: '91330100MA2A00001M', name: '杭州某某科技有限公司', entityType: '有限责任公司（自然人投资或控股）',
      legalRepresentative: '张三丰', registeredCapital: '人民币壹佰万元整', establishedOn: '2020-05-01',
      businessScope: '一般项目：技术服务、技术开发。', address: '浙江省杭州市西湖区文三路100号',
    },
  }, { id: issuer.id, kind: 'staff' });
  step('licence issued', true, issued.licence.identifier);

  await c.seals.grant({ sealId: official.id, accountId: clerk.id }, { accountId: keeper.id });
  const stamped = await c.seals.stamp({
    sealId: official.id, pdf: await onePagePdf(), at: { page: 1, x: 400, y: 200 }, reason: '生产安装检查',
    session: { acr: 'L2-mfa', amr: ['pwd', 'otp'], authTime: Math.floor(Date.now() / 1000) },
  }, { accountId: clerk.id });
  step('PDF stamped', stamped.pdf.length > 0, `${stamped.pdf.length} bytes`);

  const licence = await verdictOf(await fetch(`${base}/v/${issued.licence.handle}`, { headers: { accept: 'application/json' } }));
  step('the service verifies the licence', licence === 'VALID', licence);
  const pdf = await verdictOf(await fetch(`${base}/api/verify`, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: Buffer.from(stamped.pdf) }));
  step('the service verifies the stamped PDF', pdf === 'VALID', pdf);
} finally {
  await c.close();
}
