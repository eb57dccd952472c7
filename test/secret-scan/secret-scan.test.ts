// No secret reaches a log: the service starts in production mode in a child process (logging at
// trace, its stdout and stderr captured whole), signs people in by password, SMS code, TOTP, QR
// scan and SM2 certificate, registers an app and uses its client secret; then every secret value
// used (settings marked secret, passwords, codes, client secrets, tokens, full ID numbers) is
// looked for in everything the process wrote, as given, percent-encoded and form-encoded.
import { fork } from 'node:child_process';
import { createServer } from 'node:net';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/oidc-service.ts';
import { productionEnv } from '../support/production-env.ts';
import { freshMysqlDatabase, testMysqlUrl, testRedisUrl, uniquePrefix } from '../support/services.ts';
import type { ProductionEnv } from '../support/production-env.ts';
import type { ScenarioReport } from './production-scenario.ts';

const SCENARIO = fileURLToPath(new URL('./production-scenario.ts', import.meta.url));

/** The forms a value takes in a log line: as is, percent-encoded, form-encoded, JSON-escaped. */
function formsOf(value: string): string[] {
  return [...new Set([value, encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2), JSON.stringify(value).slice(1, -1)])];
}

/** Where in `log` a secret appears (digit codes only as a whole number, not inside a longer one). */
export function findSecret(log: string, value: string): string | null {
  for (const form of formsOf(value)) {
    const at = /^\d+$/.test(form) ? new RegExp(`(?<!\\d)${form}(?!\\d)`).exec(log)?.index ?? -1 : log.indexOf(form);
    if (at >= 0) return log.slice(Math.max(0, at - 120), at + form.length + 40);
  }
  return null;
}

/** A port nothing listens on, for the real-name service the scenario never reaches. */
async function closedPort(): Promise<number> {
  const port = await freePort();
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(port, '127.0.0.1', () => probe.close(() => r())));
  return port;
}

/** Where the service keeps its data: SQLite with its store in the same file, or MariaDB and Redis. */
interface Backend { name: string; open(): Promise<{ env: Record<string, string>; close(): Promise<void> }> }
const backends: Backend[] = [
  { name: 'SQLite', open: async () => ({ env: {}, close: async () => undefined }) },
  ...(testMysqlUrl && testRedisUrl ? [{
    name: 'MariaDB and Redis',
    open: async () => {
      const db = await freshMysqlDatabase(testMysqlUrl as string);
      return { env: { DATABASE_URL: db.url, REDIS_URL: testRedisUrl as string, REDIS_KEY_PREFIX: uniquePrefix() }, close: db.drop };
    },
  }] : []),
];

describe.each(backends)('secrets in logs (production mode on $name, every login method)', (backend) => {
  let log = '';
  let report: ScenarioReport;
  let prod: ProductionEnv;
  let closeBackend = async () => undefined as void;

  beforeAll(async () => {
    const [port, smsPort] = [await freePort(), await freePort()];
    prod = productionEnv(port, { smsGatewayUrl: `http://127.0.0.1:${smsPort}/send`, realNameUrl: `http://127.0.0.1:${await closedPort()}/check` });
    const store = await backend.open();
    closeBackend = store.close;
    const child = fork(SCENARIO, [], {
      env: { ...process.env, ...prod.env, ...store.env, LOG_LEVEL: 'trace', OIDC_PRIVATE_NETWORK_FETCH: 'true' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child.stdout?.on('data', (d: Buffer) => { log += d.toString(); });
    child.stderr?.on('data', (d: Buffer) => { log += d.toString(); });
    const got = new Promise<ScenarioReport>((resolve) => child.once('message', (m) => resolve(m as ScenarioReport)));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code, log.slice(-3000)).toBe(0);
    report = await got;
  }, 180_000);
  afterAll(async () => {
    rmSync(prod.dataDir, { recursive: true, force: true });
    await closeBackend();
  });

  it('ran every step in production mode and logged them', () => {
    expect(report.outcomes.error).toBeUndefined();
    expect(report.outcomes).toMatchObject({
      wrongPassword: 401, passwordIdCard: true, wrongSmsCode: 401, sms: true, totp: ['pwd', 'otp'],
      httpRedirect: { status: 400, body: { error: { code: 'ERR_VALIDATION', issues: [{ path: ['redirectUris', 0], message: 'must use https' }] } } },
      oldSecret: 'refused', badBody: 400, qrScan: 200, qrConfirm: 200, qr: ['qr', 'mca', 'pwd'], cert: ['hwk'],
    });
    expect(log).toMatch(/"msg":"yinxin listening"/);
    expect(log).toContain('"env":"production"');
    for (const path of [/\/interaction\/[\w-]+\/login/, /\/interaction\/[\w-]+\/sms/, /\/interaction\/[\w-]+\/totp/, /\/interaction\/[\w-]+\/cert/,
      /\/interaction\/[\w-]+\/qr\/complete/, /\/api\/qr-login\/confirm/, /\/api\/admin\/apps/, /\/oidc\/token/, /\/oidc\/me/]) {
      expect(log, String(path)).toMatch(new RegExp(`"path":"${path.source}"`));
    }
    // Refusals are logged at debug with their details (no values).
    expect(log).toMatch(/"level":20,[^\n]*"code":"ERR_VALIDATION"[^\n]*"msg":"request rejected"/);
  });

  it('wrote none of the secret values it used', () => {
    const used: [string, string][] = [
      ['SESSION_SECRET', prod.secrets.sessionSecret], ['PAIRWISE_SECRET', prod.secrets.pairwiseSecret], ['KEK', prod.secrets.kek],
      ['SMS_GATEWAY_SECRET', prod.secrets.smsGatewaySecret], ['REAL_NAME_SECRET', prod.secrets.realNameSecret],
      ...Object.entries(report.secrets).flatMap(([kind, values]) => values.map((v): [string, string] => [kind, v])),
    ];
    const kinds = new Set(used.map(([k]) => k));
    for (const kind of ['password', 'SMS code', 'TOTP code', 'TOTP secret', 'client secret', 'QR code', 'ID number', 'token', 'authorization code']) {
      expect(kinds, kind).toContain(kind);
    }
    expect(used.every(([, v]) => typeof v === 'string' && v.length >= 6)).toBe(true);
    const found = used.map(([kind, value]) => ({ kind, where: findSecret(log, value) })).filter((f) => f.where !== null);
    expect(found).toEqual([]);
  });

  it('finds a planted secret (the search can fail)', () => {
    const planted = `${log}{"level":30,"msg":"control","form":"secret=${encodeURIComponent(prod.secrets.smsGatewaySecret)}","code":"${report.secrets['SMS code']?.[0]}"}\n`;
    expect(findSecret(planted, prod.secrets.smsGatewaySecret)).not.toBeNull();
    expect(findSecret(planted, report.secrets['SMS code']?.[0] as string)).not.toBeNull();
    expect(findSecret(`${log}{"password":"qr+login+passphrase+8"}`, 'qr login passphrase 8')).not.toBeNull();
  });
});
