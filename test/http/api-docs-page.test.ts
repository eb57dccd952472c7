// The API reference page (/api/docs): rendered on the server from the OpenAPI document, every
// operation on it with its method, path, access, parameters, body fields and error codes; no
// script and nothing from another origin (CSP); and, in Chromium, readable at 360 px without
// sideways scrolling. Screenshots go to test-artifacts/browser/.
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchChromium } from '../support/chromium.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { skipWithout } from '../support/tools.ts';

const noChromium = skipWithout('the API reference page in Chromium', 'chromium');

type Doc = { paths: Record<string, Record<string, { operationId: string }>> };

describe('the API reference page', () => {
  let svc: OidcTestService;
  let html: string;
  let res: Response;
  let doc: Doc;

  beforeAll(async () => {
    svc = await startOidcService();
    res = await fetch(`${svc.url}/api/docs?lang=en`);
    html = await res.text();
    doc = (await (await fetch(`${svc.url}/api/openapi.json`)).json()) as Doc;
  }, 60_000);
  afterAll(async () => svc?.stop());

  it('lists every operation of the document, grouped by tag', () => {
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
    expect(ids.length).toBeGreaterThan(70);
    for (const id of ids) expect([id, html.includes(`id="${id}"`)]).toEqual([id, true]);
    for (const tag of ['Seals', 'Licences', 'Verification', 'Administration']) expect(html).toContain(`>${tag}</h2>`);
  });

  it('shows an operation with its scope, parameters, body fields and error codes', () => {
    const stamp = html.slice(html.indexOf('id="stampPdf"'), html.indexOf('</article>', html.indexOf('id="stampPdf"')));
    expect(stamp).toContain('<code class="api-path">/api/seals/{id}/stamp</code>');
    expect(stamp).toContain('scope <code>seals</code>');
    expect(stamp).toContain('<code>keyword (query)</code>');
    expect(stamp).toContain('<code>ERR_STEP_UP_REQUIRED</code>');
    const apply = html.slice(html.indexOf('id="applyForSeal"'), html.indexOf('</article>', html.indexOf('id="applyForSeal"')));
    // A nested field, its type with rules, whether it is required, and its description.
    expect(apply).toMatch(/<code>owner\.id<\/code><\/td><td data-label="Type">string \(length 1–64\)<\/td><td data-label="Required">required<\/td><td data-label="Description">A department id/);
    expect(apply).toMatch(/<code>personName<\/code><\/td><td[^>]*>string \(length 1–16\)<\/td><td[^>]*>optional<\/td>/);
    const verify = html.slice(html.indexOf('id="verify"'), html.indexOf('</article>', html.indexOf('id="verify"')));
    expect(verify).toContain('Public; optionally a bearer token with scope <code>verify</code>');
    expect(verify).toContain('One of:');
  });

  it('loads nothing but same-origin style sheets, under the pages\' CSP', () => {
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(html).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
    expect([...html.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1]).filter((u) => /^(https?:)?\/\//.test(u!))).toEqual([]);
  });

  describe.skipIf(noChromium)('in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    }, 60_000);
    afterAll(async () => browser?.close());

    it('reads at 360 px without sideways scrolling, its style sheet applied without CSP errors', async () => {
      const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
      const problems: string[] = [];
      // Every resource the page loads answers (the browser's own favicon request aside), and no CSP violation is reported.
      page.on('console', (m) => {
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
      });
      page.on('response', (r) => {
        if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`);
      });
      await page.goto(`${svc.url}/api/docs?lang=en`);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
      // The field tables stack into labelled rows on a phone.
      expect(await page.locator('#applyForSeal .api-fields td').first().evaluate((td) => (globalThis as unknown as { getComputedStyle(e: unknown): { display: string } }).getComputedStyle(td).display)).toBe('block');
      await page.locator('#stampPdf').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(ARTIFACTS, 'api-docs-360.png') });
      expect(problems).toEqual([]);
      await page.close();
    }, 60_000);
  });
});
