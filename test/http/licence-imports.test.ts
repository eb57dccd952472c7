// Batch issuance: a JSON-lines job over HTTP (good lines issued, bad ones reported by line number
// with codes and field issues, progress in the job, a rerun issues nothing twice, another
// department's issuer cannot read the job) and the same through the CLI's import function.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importLicenceFile } from '../../src/cli/licences-import.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { apiToken, COMPANY_CODE, licenceWorld } from './licence-world.ts';

const BUSINESS = '11100000000013338W011';
const data = (n: number, over: Record<string, unknown> = {}) => ({
  creditCode: COMPANY_CODE, name: `杭州批量${n}号科技有限公司`, entityType: '有限责任公司（自然人投资或控股）',
  legalRepresentative: '张三丰', registeredCapital: '人民币壹佰万元整', establishedOn: '2020-05-01',
  businessScope: '一般项目：技术服务；软件开发。', address: '浙江省杭州市西湖区文三路100号', ...over,
});
const line = (key: string, d: unknown, typeCode = BUSINESS) => JSON.stringify({ key, typeCode, data: d });
const FILE = [
  line('batch-line-0001', data(1)),
  line('batch-line-0002', data(2)),
  '{"key": "batch-line-0003", "typeCode": ',
  line('batch-line-0004', data(4, { creditCode: '91330100MA2A00001X' })),
  '',
  line('batch-line-0006', data(6), '11100000000013338W999'),
  line('batch-line-0007', data(7)),
].join('\n');

interface Job { id: string; state: string; total: number; processed: number; issued: number; replayed: number; failed: number; errors: { line: number; key: string | null; code: string; issues: { path: string[]; code: string }[] }[]; licences: { line: number; id: string }[] }

describe('batch licence import', () => {
  let svc: OidcTestService;
  let staff: string;
  let other: string;
  const dir = mkdtempSync(join(tmpdir(), 'yinxin-import-'));

  beforeAll(async () => {
    svc = await startOidcService();
    const world = await licenceWorld(svc.container);
    staff = await apiToken(svc.url, world.appId, 'L001', 'licences');
    other = await apiToken(svc.url, world.appId, 'L003', 'licences');
  }, 60_000);
  afterAll(async () => {
    await svc?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (body: string, token = staff, type = 'application/x-ndjson') => fetch(`${svc.url}/api/licences/imports`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body });
  const read = async (id: string, token = staff) => {
    const res = await fetch(`${svc.url}/api/licences/imports/${id}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, job: ((await res.json()) as { job: Job }).job };
  };
  const finished = async (id: string): Promise<Job> => {
    for (let i = 0; i < 200; i++) {
      const { job } = await read(id);
      if (job.state !== 'running') return job;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the import did not finish');
  };
  const licenceCount = async () => Number((await svc.container.knex('licences').count({ n: '*' }))[0]!.n);

  it('issues the good lines, reports the bad ones by line with codes, and issues nothing twice on a rerun', async () => {
    const res = await post(FILE);
    expect(res.status).toBe(202);
    const { job: started } = await res.json() as { job: Job };
    expect(res.headers.get('location')).toBe(`/api/licences/imports/${started.id}`);
    expect(started).toMatchObject({ state: 'running', total: 6 });
    const job = await finished(started.id);
    expect(job).toMatchObject({ state: 'done', total: 6, processed: 6, issued: 3, replayed: 0, failed: 3 });
    expect(job.licences.map((l) => l.line)).toEqual([1, 2, 7]);
    expect(job.errors.map((e) => [e.line, e.code, e.issues[0]!.path.join('.'), e.issues[0]!.code])).toEqual([
      [3, 'ERR_VALIDATION', '', 'bad_json'],
      [4, 'ERR_VALIDATION', 'data.creditCode', expect.any(String)],
      [6, 'ERR_VALIDATION', 'typeCode', 'unknown_template'],
    ]);
    expect(job.errors[1]!.key).toBe('batch-line-0004');
    expect(await licenceCount()).toBe(3);

    const again = await finished(((await (await post(FILE)).json()) as { job: Job }).job.id);
    expect(again).toMatchObject({ issued: 0, replayed: 3, failed: 3 });
    expect(again.licences.map((l) => l.id)).toEqual(job.licences.map((l) => l.id));
    expect(await licenceCount()).toBe(3);

    const audit = await svc.container.auditStore.page(0, 500);
    expect(audit.filter((a) => a.action === 'licence.issue' && a.outcome === 'success')).toHaveLength(3);
    expect(audit.filter((a) => a.action === 'licence.import.finish' && a.object === job.id)).toHaveLength(1);
  }, 60_000);

  it('refuses an empty body, and hides a job from another department', async () => {
    const empty = await post('\n\n');
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { issues: { code: string }[] } }).error.issues[0]!.code).toBe('empty');
    const { job } = await (await post(line('batch-line-0101', data(101)))).json() as { job: Job };
    await finished(job.id);
    expect((await read(job.id, other)).status).toBe(404);
    expect((await fetch(`${svc.url}/api/licences/imports/${job.id}`)).status).toBe(401);
  }, 60_000);

  it('imports CSV: a header of key, typeCode and field names; rows reported by line; a rerun issues nothing', async () => {
    const fields = Object.keys(data(0));
    const row = (key: string, d: Record<string, unknown>) => [key, BUSINESS, ...fields.map((f) => `"${String(d[f] ?? '').replace(/"/g, '""')}"`)].join(',');
    const csv = [
      ['key', 'typeCode', ...fields].join(','),
      row('csv-line-0001', data(301)),
      row('csv-line-0002', data(302, { establishedOn: '2020-13-01' })),
      'csv-line-0003,too,few',
      row('csv-line-0004', data(304, { businessScope: '一般项目：\n技术服务。' })),
    ].join('\r\n');
    const before = await licenceCount();
    const res = await post(csv, staff, 'text/csv; charset=utf-8');
    expect(res.status).toBe(202);
    const job = await finished(((await res.json()) as { job: Job }).job.id);
    expect(job).toMatchObject({ state: 'done', total: 4, issued: 2, failed: 2 });
    expect(job.licences.map((l) => l.line)).toEqual([2, 5]);
    expect(job.errors.map((e) => [e.line, e.key, e.issues[0]!.path.join('.'), e.issues[0]!.code])).toEqual([
      [3, 'csv-line-0002', 'data.establishedOn', 'bad_date'],
      [4, null, '', 'bad_columns'],
    ]);
    expect(await licenceCount()).toBe(before + 2);
    const again = await finished(((await (await post(csv, staff, 'text/csv')).json()) as { job: Job }).job.id);
    expect(again).toMatchObject({ issued: 0, replayed: 2, failed: 2 });
    expect(await licenceCount()).toBe(before + 2);

    const broken = await post('key,typeCode\n"csv-line-0005,x\n', staff, 'text/csv');
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { issues: { code: string }[] } }).error.issues[0]!.code).toBe('bad_csv');
    const unsupported = await post('<xml/>', staff, 'application/xml');
    expect(unsupported.status).toBe(400);
    expect(await licenceCount()).toBe(before + 2);
  }, 60_000);

  it('imports a file through the CLI as a named issuer, and a rerun issues nothing', async () => {
    const file = join(dir, 'licences.jsonl');
    writeFileSync(file, [line('cli-line-0001', data(201)), line('cli-line-0002', data(202, { name: '' }))].join('\n'));
    const bars: string[] = [];
    const out = await importLicenceFile(svc.container, file, 'L001', (b) => bars.push(b));
    expect(out).toMatchObject({ total: 2, issued: 1, failed: 1 });
    expect(out.errors[0]).toMatchObject({ line: 2, key: 'cli-line-0002', code: 'ERR_VALIDATION', issues: [{ path: ['data', 'name'] }] });
    expect(bars.at(-1)).toContain('2/2');
    expect(await importLicenceFile(svc.container, file, 'L001')).toMatchObject({ issued: 0, replayed: 1, failed: 1 });
    await expect(importLicenceFile(svc.container, file, 'L002')).rejects.toMatchObject({ code: 'ERR_FORBIDDEN' });

    const csvFile = join(dir, 'licences.csv');
    const fields = Object.keys(data(0));
    writeFileSync(csvFile, `key,typeCode,${fields.join(',')}\ncli-csv-0001,${BUSINESS},${fields.map((f) => data(203)[f as keyof ReturnType<typeof data>]).join(',')}\n`);
    expect(await importLicenceFile(svc.container, csvFile, 'L001')).toMatchObject({ total: 1, issued: 1, failed: 0 });
    expect(await importLicenceFile(svc.container, csvFile, 'L001')).toMatchObject({ total: 1, issued: 0, replayed: 1 });
  }, 60_000);
});
