// The service logger keeps every secret setting's value and full ID numbers out of every line,
// whatever field, message or error carries them; and SMS codes reach the log only in development.
import { Writable } from 'node:stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/adapters/log/json-logger.ts';
import { LogSmsSender } from '../../src/adapters/sms/log-sms-sender.ts';
import { HttpSmsSender } from '../../src/adapters/sms/http-sms-sender.ts';
import { smsSenderFor } from '../../src/adapters/sms/sms-sender-for.ts';
import { loadConfig } from '../../src/config/load.ts';
import { residentId } from '../support/identity.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  return { lines, stream, text: () => lines.join('') };
}

const SMS_SECRET = 'sms-gateway-secret-Zq8w';
const KEY = 'a2V5LW1hdGVyaWFsLW9uZS0wMTIzNDU2Nzg5YWJjZA==';
const DB_PASSWORD = 'Db@Pw-7781';

describe('the JSON logger', () => {
  const config = loadConfig({
    DATA_DIR: mkdtempSync(join(tmpdir(), 'yinxin-log-')), LOG_LEVEL: 'trace', SESSION_SECRET: 'session-secret-0123456789abcdefghij',
    SMS_GATEWAY_URL: 'https://sms.example.gov.cn/send', SMS_GATEWAY_SECRET: SMS_SECRET, KEK: `k1:${KEY}`,
    DATABASE_URL: `mysql://app:${encodeURIComponent(DB_PASSWORD)}@db:3306/yx`,
  });

  it('redacts secret setting values anywhere in a line, and masks full ID numbers', () => {
    const out = capture();
    const logger = createLogger(config, out.stream);
    const id = residentId(7);
    logger.info({ config: { smsGateway: config.smsGateway }, nested: { deeper: { value: `sig ${SMS_SECRET}` } } }, 'start');
    logger.warn(`a message that quotes the key ${KEY} and the session secret ${config.sessionSecret}`);
    logger.error({ err: { message: `connect failed: ${config.databaseUrl}` } }, 'db');
    logger.child({ component: 'x' }).debug({ form: `secret=${encodeURIComponent(SMS_SECRET)}&id=${id}` }, 'form');
    logger.info({ password: 'hunter2-password', clientSecret: 'cs-value-1234567890', otp: '123456', idNumber: id, who: id }, 'fields');
    const text = out.text();
    expect(out.lines).toHaveLength(5);
    for (const secret of [SMS_SECRET, KEY, config.sessionSecret, DB_PASSWORD, encodeURIComponent(DB_PASSWORD), 'hunter2-password', 'cs-value-1234567890', '"123456"', id]) {
      expect(text, secret).not.toContain(secret);
    }
    // What is not secret stays readable.
    expect(text).toContain('https://sms.example.gov.cn/send');
    expect(text).toContain('mysql://app:***@db:3306/yx');
    expect(text).toContain(`${id.slice(0, 6)}********${id.slice(-4)}`);
    // The check works: without the secret values the same line carries them.
    const plain = capture();
    createLogger({ logLevel: 'info', secretValues: () => [] }, plain.stream).info({ nested: { value: SMS_SECRET } }, 'control');
    expect(plain.text()).toContain(SMS_SECRET);
  });

  it('writes SMS codes to the log in development only; production needs the gateway', async () => {
    const out = capture();
    const logger = createLogger(config, out.stream);
    const dev = smsSenderFor({ env: 'development', smsGateway: undefined }, logger);
    expect(dev).toBeInstanceOf(LogSmsSender);
    await dev.send('13800000001', '【印信】登录验证码 318845，5分钟内有效');
    expect(out.text()).toContain('318845');
    expect(() => smsSenderFor({ env: 'production', smsGateway: undefined }, logger)).toThrow(/SMS_GATEWAY_URL/);
    expect(smsSenderFor({ env: 'production', smsGateway: { url: 'https://sms.example.gov.cn/send', secret: SMS_SECRET } }, logger)).toBeInstanceOf(HttpSmsSender);
  });
});
