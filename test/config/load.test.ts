import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactConfig } from '../../src/config/load.ts';
import { needlesFor, redactDeep } from '../../src/config/redact.ts';
import { settings } from '../../src/config/schema.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'yinxin-cfg-'));

describe('loadConfig', () => {
  it('defaults to the embedded mode with a persisted dev session secret', () => {
    const dir = tmp();
    const c = loadConfig({ DATA_DIR: dir });
    expect(c.embedded).toBe(true);
    expect(c.databaseUrl).toBe(`sqlite:${join(dir, 'yinxin.db')}`);
    expect(c.redisUrl).toBeUndefined();
    expect(c.migrateOnStart).toBe(true);
    expect(c.devDefaults).toContain('sessionSecret');
    expect(c.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(statSync(join(dir, 'session-secret')).mode & 0o077).toBe(0);
    expect(loadConfig({ DATA_DIR: dir }).sessionSecret).toBe(c.sessionSecret);
  });

  it('switches to MySQL and Redis by URL', () => {
    const c = loadConfig({ DATA_DIR: tmp(), DATABASE_URL: 'mysql://u:p@db:3306/yinxin', REDIS_URL: 'redis://cache:6379' });
    expect(c.embedded).toBe(false);
    expect(c.migrateOnStart).toBe(false);
    expect(c.redisUrl).toBe('redis://cache:6379');
  });

  it('runs one process in development and one worker per CPU in production unless WORKERS says', () => {
    const dir = tmp();
    expect(loadConfig({ DATA_DIR: dir }).workers).toBe(1);
    expect(loadConfig({ DATA_DIR: dir, WORKERS: '3' }).workers).toBe(3);
    const prod = {
      DATA_DIR: dir, NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), DATABASE_URL: 'sqlite:/tmp/x.db', KEK: 'k1:AAAA',
      PUBLIC_URL: 'https://id.example.gov.cn', SMS_GATEWAY_URL: 'https://sms.example.gov.cn/send', SMS_GATEWAY_SECRET: 'g'.repeat(20),
    };
    expect(loadConfig(prod).workers).toBe(availableParallelism());
    expect(loadConfig({ ...prod, WORKERS: '1' }).workers).toBe(1);
    for (const bad of ['0', '-1', '1.5', 'all']) expect(() => loadConfig({ DATA_DIR: dir, WORKERS: bad })).toThrow(/WORKERS \(workers\)/);
  });

  it('runs the scheduled jobs in a single process, or in worker 1 of several', () => {
    const dir = tmp();
    expect(loadConfig({ DATA_DIR: dir }).runsSingletons).toBe(true);
    expect(loadConfig({ DATA_DIR: dir, YINXIN_WORKER_SLOT: '1' }).runsSingletons).toBe(true);
    expect(loadConfig({ DATA_DIR: dir, YINXIN_WORKER_SLOT: '2' }).runsSingletons).toBe(false);
  });

  it('takes a Redis Cluster as several host:port in REDIS_URL, and masks its password', () => {
    const dir = tmp();
    const url = 'redis://app:Cl%40sterPw0rd@10.0.0.1:7001,10.0.0.2:7002,[fd00::3]:7003';
    const c = loadConfig({ DATA_DIR: dir, REDIS_URL: url });
    expect(c.redisUrl).toBe(url);
    expect(c.embedded).toBe(false);
    const text = JSON.stringify(redactConfig(c));
    expect(text).toContain('redis://app:***@10.0.0.1:7001,10.0.0.2:7002');
    expect(text).not.toContain('Cl%40sterPw0rd');
    expect(JSON.stringify(redactDeep({ err: 'AUTH failed for Cl@sterPw0rd' }, needlesFor(c.secretValues())))).not.toContain('Cl@sterPw0rd');
    for (const bad of ['redis://a:7001,b', 'redis://a:7001,b:7002/3', 'redis://a:7001,,b:7002']) {
      expect(() => loadConfig({ DATA_DIR: dir, REDIS_URL: bad }), bad).toThrow(/REDIS_URL \(redisUrl\): a Redis Cluster/);
    }
  });

  it('takes Redis Sentinel as redis+sentinel://host:port,…/MASTER_NAME, and masks its password', () => {
    const dir = tmp();
    const url = 'redis+sentinel://:Sent%40inelPw@10.0.0.1:26379,10.0.0.2:26379/yinxin-kv';
    const c = loadConfig({ DATA_DIR: dir, REDIS_URL: url });
    expect(c.redisUrl).toBe(url);
    expect(c.embedded).toBe(false);
    expect(JSON.stringify(redactConfig(c))).not.toContain('Sent%40inelPw');
    for (const bad of ['redis+sentinel://10.0.0.1:26379', 'redis+sentinel://a:1,b/m', 'redis+sentinel://a:1/bad name', 'redis+sentinel://a:1/m/0']) {
      expect(() => loadConfig({ DATA_DIR: dir, REDIS_URL: bad }), bad).toThrow(/REDIS_URL \(redisUrl\): Redis Sentinel is named by/);
    }
  });

  it('seals licence files at rest unless told not to', () => {
    expect(loadConfig({ DATA_DIR: tmp() }).sealLicenceFiles).toBe(true);
    expect(loadConfig({ DATA_DIR: tmp(), SEAL_LICENCE_FILES: 'false' }).sealLicenceFiles).toBe(false);
    expect(() => loadConfig({ DATA_DIR: tmp(), SEAL_LICENCE_FILES: 'maybe' })).toThrow(/SEAL_LICENCE_FILES/);
  });

  it('keeps an audit witness beside the keys unless it is elsewhere or turned off', () => {
    const dir = tmp();
    expect(loadConfig({ DATA_DIR: dir, KEYS_DIR: join(dir, 'k') }).auditWitnessFile).toBe(join(dir, 'k', 'audit-witness.log'));
    expect(loadConfig({ DATA_DIR: dir, AUDIT_WITNESS_FILE: join(dir, 'w.log') }).auditWitnessFile).toBe(join(dir, 'w.log'));
    expect(loadConfig({ DATA_DIR: dir, AUDIT_WITNESS_FILE: 'off' }).auditWitnessFile).toBeUndefined();
  });

  it('names every bad setting by its environment variable', () => {
    try {
      loadConfig({ DATA_DIR: tmp(), PORT: 'eighty', DATABASE_URL: 'postgres://x', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const msg = (e as ConfigError).message;
      expect(msg).toContain('PORT (port)');
      expect(msg).toContain('DATABASE_URL (databaseUrl)');
      expect(msg).toContain('LOG_LEVEL (logLevel)');
    }
  });

  it('reads a JSON file with the environment taking precedence', () => {
    const dir = tmp();
    const file = join(dir, 'yinxin.json');
    writeFileSync(file, JSON.stringify({ port: 9000, logLevel: 'warn' }));
    const c = loadConfig({ DATA_DIR: dir, YINXIN_CONFIG: file, LOG_LEVEL: 'debug' });
    expect(c.port).toBe(9000);
    expect(c.logLevel).toBe('debug');
    writeFileSync(file, JSON.stringify({ prot: 1 }));
    expect(() => loadConfig({ DATA_DIR: dir, YINXIN_CONFIG: file })).toThrow(/prot/);
  });

  it('requires real secrets and URLs in production', () => {
    expect(() => loadConfig({ DATA_DIR: tmp(), NODE_ENV: 'production' })).toThrow(/SESSION_SECRET/);
    expect(() => loadConfig({ DATA_DIR: tmp(), NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) })).toThrow(/DATABASE_URL/);
  });

  it('reports every problem of a production configuration in one error', () => {
    try {
      loadConfig({ DATA_DIR: tmp(), NODE_ENV: 'production', PORT: 'eighty', SMS_GATEWAY_SECRET: 'short', REAL_NAME_URL: 'https://rn.example.gov.cn/check' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const { problems, message } = e as ConfigError;
      expect(problems).toEqual([
        expect.stringMatching(/^PORT \(port\): /),
        expect.stringMatching(/^SMS_GATEWAY_SECRET \(smsGatewaySecret\): must be at least 16 characters/),
        'SESSION_SECRET (sessionSecret): required in production',
        'DATABASE_URL (databaseUrl): required in production',
        'KEK (kek) or KEK_FILE (kekFile): required in production',
        'PUBLIC_URL (publicUrl): required in production',
        'REAL_NAME_SECRET (realNameSecret): required with REAL_NAME_URL',
        'SMS_GATEWAY_URL (smsGatewayUrl): required in production (SMS codes are never written to the log there)',
      ]);
      for (const p of problems) expect(message).toContain(p);
    }
  });

  it('reads a secret from the file named by <VAR>_FILE, and redacts it', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'session-secret.txt'), 's'.repeat(40) + '\n');
    writeFileSync(join(dir, 'database-url.txt'), 'mysql://yinxin:Fi1ePassw0rd@db:3306/yinxin\n');
    const c = loadConfig({ DATA_DIR: dir, SESSION_SECRET_FILE: join(dir, 'session-secret.txt'), DATABASE_URL_FILE: join(dir, 'database-url.txt') });
    expect(c.sessionSecret).toBe('s'.repeat(40));
    expect(c.databaseUrl).toBe('mysql://yinxin:Fi1ePassw0rd@db:3306/yinxin');
    expect(c.devDefaults).not.toContain('sessionSecret');
    expect(JSON.stringify(redactConfig(c))).not.toContain('Fi1ePassw0rd');
    try {
      loadConfig({ DATA_DIR: dir, SESSION_SECRET: 'x'.repeat(40), SESSION_SECRET_FILE: join(dir, 'session-secret.txt'), PAIRWISE_SECRET_FILE: join(dir, 'absent') });
      expect.unreachable();
    } catch (e) {
      expect((e as ConfigError).problems).toEqual([
        'SESSION_SECRET (sessionSecret): set it or SESSION_SECRET_FILE, not both',
        `PAIRWISE_SECRET_FILE (pairwiseSecret): cannot read file ${join(dir, 'absent')}`,
      ]);
    }
  });

  it('migrates a SQLite database on start whichever store holds sessions; a MySQL one only when told', () => {
    expect(loadConfig({ DATA_DIR: tmp(), REDIS_URL: 'redis://cache:6379' })).toMatchObject({ embedded: false, migrateOnStart: true });
    expect(loadConfig({ DATA_DIR: tmp(), REDIS_URL: 'redis://cache:6379', MIGRATE_ON_START: 'false' }).migrateOnStart).toBe(false);
    expect(loadConfig({ DATA_DIR: tmp(), DATABASE_URL: 'mysql://u:p@db/yx' }).migrateOnStart).toBe(false);
    expect(loadConfig({ DATA_DIR: tmp(), DATABASE_URL: 'mysql://u:p@db/yx', MIGRATE_ON_START: 'true' }).migrateOnStart).toBe(true);
  });

  it('refuses production without an SMS gateway: codes would have nowhere to go but the log', () => {
    const prod = { DATA_DIR: tmp(), NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), DATABASE_URL: 'sqlite:/tmp/x.db', KEK: 'k1:AAAA', PUBLIC_URL: 'https://id.example.gov.cn' };
    expect(() => loadConfig(prod)).toThrow(/SMS_GATEWAY_URL \(smsGatewayUrl\): required in production/);
    expect(loadConfig({ ...prod, SMS_GATEWAY_URL: 'https://sms.example.gov.cn/send', SMS_GATEWAY_SECRET: 'g'.repeat(20) }).smsGateway?.url).toBe('https://sms.example.gov.cn/send');
    expect(loadConfig({ DATA_DIR: tmp() }).smsGateway).toBeUndefined();
  });

  it('redacts every setting the schema marks secret, wherever the resolved configuration puts it', () => {
    const given: Record<string, string> = {
      SESSION_SECRET: 'session-secret-value-0123456789abcdef', PAIRWISE_SECRET: 'pairwise-secret-value-0123456789abcdef',
      KEK: 'k1:S2VrS2V5TWF0ZXJpYWxPbmUxMjM0NTY3ODkwMTI=,k0:T2xkS2V5TWF0ZXJpYWxaZXJvMTIzNDU2Nzg5MDEy',
      SMS_GATEWAY_URL: 'https://sms.example.gov.cn/send', SMS_GATEWAY_SECRET: 'sms-gateway-secret-0123',
      REAL_NAME_URL: 'https://rn.example.gov.cn/check', REAL_NAME_SECRET: 'real-name-secret-0123',
      DATABASE_URL: 'mysql://app:Db%40Passw0rd@db/yx', REDIS_URL: 'rediss://:RedisPassw0rd@cache:6380',
    };
    const c = loadConfig({ DATA_DIR: tmp(), ...given });
    expect(c.smsGateway?.secret).toBe(given.SMS_GATEWAY_SECRET);
    expect(c.realName?.secret).toBe(given.REAL_NAME_SECRET);
    const text = JSON.stringify(redactConfig(c));
    for (const [name, { envVar, secret }] of Object.entries(settings)) {
      if (!secret) continue;
      const value = given[envVar];
      expect(value, `${envVar} is marked secret: give it a value here`).toBeDefined();
      if (/^[a-z]+:\/\//.test(value as string)) expect(text, name).not.toContain(decodeURIComponent(new URL(value as string).password));
      else expect(text, name).not.toContain(value);
    }
    expect(text).not.toContain('Db@Passw0rd');
    expect(text).not.toContain('Db%40Passw0rd');
    expect(text).not.toContain('S2VrS2V5TWF0ZXJpYWxPbmUxMjM0NTY3ODkwMTI=');
    expect(text).toContain('mysql://app:***@db/yx');
    expect(text).toContain('https://sms.example.gov.cn/send');
    // The list of values never serialises with the configuration, yet survives a copy of it.
    expect(JSON.stringify({ ...c })).not.toContain('secretValues');
    expect({ ...c, logLevel: 'warn' }.secretValues()).toContain(given.REAL_NAME_SECRET);
  });

  it('counts the content of the KEK file among the secret values', () => {
    const dir = tmp();
    const material = 'RmlsZUtla01hdGVyaWFsMDEyMzQ1Njc4OWFiY2RlZg==';
    writeFileSync(join(dir, 'kek'), `f1:${material}\n`);
    const c = loadConfig({ DATA_DIR: dir, KEK_FILE: join(dir, 'kek') });
    expect(JSON.stringify(redactDeep({ line: `unwrap failed with ${material}` }, needlesFor(c.secretValues())))).not.toContain(material);
    expect(loadConfig({ DATA_DIR: dir }).secretValues()).not.toContain(`f1:${material}`);
  });

  it('redacts secrets for logging', () => {
    const c = loadConfig({ DATA_DIR: tmp(), DATABASE_URL: 'mysql://app:S3cretPw@db/yx', SESSION_SECRET: 'z'.repeat(40) });
    const text = JSON.stringify(redactConfig(c));
    expect(text).not.toContain('S3cretPw');
    expect(text).not.toContain('z'.repeat(40));
    expect(text).toContain('mysql://app:***@db/yx');
  });
});
