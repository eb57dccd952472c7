// A 5,000-row staff import through the admin API leaves the service answering: from the request
// that reads the file to the job's end, no turn of the event loop holds the thread for 100 ms of
// CPU, the event-loop delay stays within that target plus a margin for a shared machine, and a
// `/healthz` poller is answered well within the container health check's 3 s (loop-watch.ts).
// The figures are printed, so that a run shows how far from the target it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { expectResponsive, loopLine, watchLoop } from '../support/loop-watch.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { adminFixture, signInToConsole, totpCode } from '../support/staff-admin.ts';

const PASSWORD = 'admin passphrase 77';
const ROWS = 5_000;

describe('a 5,000-row staff import', () => {
  let svc: OidcTestService;
  let token: string;

  beforeAll(async () => {
    svc = await startOidcService();
    const c = svc.container;
    const { consoleId } = await adminFixture(c, PASSWORD);
    await createAccount(c.identity, { kind: 'staff', name: '钱账号', staffNumber: 'AA01', departmentId: 'dsj', roles: ['system_admin'], password: PASSWORD }, { id: 'system:test', kind: 'system' });
    token = (await signInToConsole(svc.url, consoleId, 'AA01', PASSWORD, (secret) => totpCode(secret as string))).tokens.access_token;
  }, 60_000);
  afterAll(async () => {
    await svc?.stop();
  });

  it('keeps the event loop and /healthz answering while it runs, and reports bad rows by line', async () => {
    // Every 1,000th row names no department; the first names a staff number that exists.
    const rows = Array.from({ length: ROWS }, (_, i) => `B${String(i).padStart(5, '0')},批量${i}号,${i % 1000 === 999 ? 'nowhere' : 'dsj'},,clerk,138${String(i).padStart(8, '0')}`);
    rows[0] = 'C001,赵办事,dsj,,clerk,';
    const csv = `工号,姓名,部门,职务,角色,手机\n${rows.join('\n')}\n`;
    const headers = { authorization: `Bearer ${token}` };

    const watch = watchLoop(svc.url);
    const t0 = performance.now();
    const res = await fetch(`${svc.url}/api/admin/staff/imports`, { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body: csv });
    expect(res.status).toBe(202);
    const id = ((await res.json()) as { job: { id: string } }).job.id;
    let job: Record<string, unknown> = {};
    const seen = new Set<unknown>();
    while (job.state !== 'done' && job.state !== 'failed') {
      await new Promise((r) => setTimeout(r, 200));
      job = ((await (await fetch(`${svc.url}/api/admin/staff/imports/${id}`, { headers })).json()) as { job: Record<string, unknown> }).job;
      seen.add(job.processed);
    }
    const wall = performance.now() - t0;
    const figures = await watch.stop();
    console.log(`staff import of ${ROWS} rows in ${(wall / 1000).toFixed(1)} s: ${loopLine(figures)}`);

    expectResponsive(figures);
    expect(job).toMatchObject({ state: 'done', total: ROWS, processed: ROWS, created: ROWS - 6, existing: 1, failed: 5 });
    expect((job.errors as { line: number; issues: { code: string }[] }[]).map((e) => [e.line, e.issues[0]!.code])).toEqual(
      [1000, 2000, 3000, 4000, 5000].map((n) => [n + 1, 'unknown_department']),
    );
    // Progress was observable on the way (more than just "nothing" and "all").
    expect(seen.size).toBeGreaterThan(2);
  }, 180_000);
});
