// The legal representative's agents page in Chromium: signing in through yinxin (the select_org
// step shows the organisation), authorising an agent by ID number, withdrawing it. No CSP refusal
// or script error. Screenshots go to test-artifacts/acting/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/domain/account.ts';
import { ENTERPRISE_PORTAL_CLIENT_ID } from '../../src/http/routes/enterprise-portal.ts';
import { citizen, enterprise, PASSWORD } from '../support/acting.ts';
import { launchChromium } from '../support/chromium.ts';
import { skipWithout } from '../support/tools.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';

const SHOTS = fileURLToPath(new URL('../../test-artifacts/acting/', import.meta.url));

describe.skipIf(skipWithout('the agents page in Chromium', 'chromium'))('the agents page in Chromium', () => {
  let svc: OidcTestService;
  let browser: Browser;
  let page: Page;
  let rep: Account & { idNumber: string };
  let agent: Account & { idNumber: string };
  let firm: Account;
  const errors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    svc = await startOidcService();
    const c = svc.container;
    // Registered at start, as the holder portal is.
    expect(await c.apps.find(ENTERPRISE_PORTAL_CLIENT_ID)).not.toBeNull();
    rep = await citizen(c, '张法人', 301);
    agent = await citizen(c, '李经办', 302);
    firm = await enterprise(c, '某某物流有限公司', 3, rep.id);
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    page.on('console', (m) => { if (m.type() === 'error' && /Refused|Uncaught|Content Security/.test(m.text())) errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  it('signs the representative in, shows the acting choice, grants and withdraws an agent', async () => {
    await page.goto(`${svc.url}/enterprise/agents`);
    await page.getByRole('button', { name: '使用统一身份认证登录' }).click();
    await page.getByLabel('手机号 / 身份证号 / 统一社会信用代码 / 工号').fill(rep.idNumber);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('#select-org').waitFor();
    expect(await page.locator('main').innerText()).toContain('某某物流有限公司');
    await shot('select-org');
    await page.getByLabel('某某物流有限公司').check();
    await page.getByRole('button', { name: '确定' }).click();
    await page.waitForURL(`${svc.url}/enterprise/agents`);
    await page.locator('#grant-form').waitFor();
    expect(await page.locator('#enterprise').innerText()).toContain('某某物流有限公司');

    await page.getByLabel('经办人身份证号').fill(agent.idNumber);
    await page.getByLabel('授权截止日期').fill(new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
    await page.getByRole('button', { name: '授权', exact: true }).click();
    await page.locator('#agents tbody tr').first().waitFor();
    const row = await page.locator('#agents tbody tr').first().innerText();
    expect(row).toContain('李经办');
    expect(row).toContain('全部业务');
    expect(row).not.toContain(agent.idNumber);
    await shot('agent-granted');
    expect((await svc.container.acting.agents.listForLegalPerson(firm.id)).map((g) => g.agentId)).toEqual([agent.id]);

    await page.getByRole('button', { name: '撤销授权' }).click();
    await page.locator('#status', { hasText: '已撤销授权' }).waitFor();
    expect(await page.locator('#agents').isHidden()).toBe(true);
    await shot('agent-revoked');
    expect(await svc.container.acting.agents.listForLegalPerson(firm.id)).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);
});
