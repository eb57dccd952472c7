// The environment of a production start on this machine: SQLite in a fresh folder, every secret
// set to a fresh random value (returned, so that tests can look for them), partner services at
// the given URLs (a stub's, or a closed port when the test never reaches them).
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ProductionEnv {
  env: Record<string, string>;
  dataDir: string;
  secrets: { sessionSecret: string; pairwiseSecret: string; kek: string; smsGatewaySecret: string; realNameSecret: string };
}

export function productionEnv(port: number, partners: { smsGatewayUrl?: string; realNameUrl?: string } = {}): ProductionEnv {
  const dataDir = mkdtempSync(join(tmpdir(), 'yinxin-prod-'));
  const secrets = {
    sessionSecret: randomBytes(32).toString('base64url'),
    pairwiseSecret: randomBytes(32).toString('base64url'),
    kek: randomBytes(32).toString('base64'),
    smsGatewaySecret: randomBytes(24).toString('base64url'),
    realNameSecret: randomBytes(24).toString('base64url'),
  };
  const env = {
    NODE_ENV: 'production', PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir, KEYS_DIR: join(dataDir, 'keys'), DATABASE_URL: `sqlite:${join(dataDir, 'yinxin.db')}`, MIGRATE_ON_START: 'true',
    SESSION_SECRET: secrets.sessionSecret, PAIRWISE_SECRET: secrets.pairwiseSecret, KEK: `k1:${secrets.kek}`,
    SMS_GATEWAY_URL: partners.smsGatewayUrl ?? 'http://127.0.0.1:9/sms', SMS_GATEWAY_SECRET: secrets.smsGatewaySecret,
    REAL_NAME_URL: partners.realNameUrl ?? 'http://127.0.0.1:9/real-name', REAL_NAME_SECRET: secrets.realNameSecret,
    AUDIT_CHECKPOINT_INTERVAL_S: '0',
  };
  return { env, dataDir, secrets };
}
