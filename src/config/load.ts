import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { needlesFor, redactDeep } from './redact.ts';
import { configSchema, settings } from './schema.ts';
import type { Config, SettingName } from './schema.ts';

/** The register of test people shipped with the service (docs/real-name.md). */
const DEV_REAL_NAME_REGISTER = fileURLToPath(new URL('../../dev/real-name-register.json', import.meta.url));

/** A setting with a bad value; the message names the setting and its environment variable. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Read the optional JSON config file named by YINXIN_CONFIG (keys as in schema.ts). */
function readFile(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError([`YINXIN_CONFIG: cannot read file ${path}`]);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch {
    throw new ConfigError([`YINXIN_CONFIG: ${path} is not a JSON object`]);
  }
}

/**
 * The session secret for development: generated once and kept under the data directory so a
 * restart keeps sessions valid. Production must set SESSION_SECRET.
 */
function devSessionSecret(dataDir: string): string {
  const file = join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
  return secret;
}

/**
 * Load and validate the configuration: the optional file first, the environment over it.
 * Throws ConfigError naming every bad setting. The only reader of process.env.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = { ...readFile(env.YINXIN_CONFIG) };
  for (const [name, { envVar }] of Object.entries(settings)) {
    const value = env[envVar];
    if (value !== undefined && value !== '') raw[name] = value;
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '');
      const envVar = settings[name as SettingName]?.envVar;
      return envVar ? `${envVar} (${name}): ${issue.message}` : `${name || 'config'}: ${issue.message}`;
    }));
  }
  const c = parsed.data;
  const devDefaults: SettingName[] = [];
  const dataDir = resolve(c.dataDir);
  const production = c.env === 'production';
  if (production && !c.sessionSecret) throw new ConfigError(['SESSION_SECRET (sessionSecret): required in production']);
  if (production && !c.databaseUrl) throw new ConfigError(['DATABASE_URL (databaseUrl): required in production']);
  if (production && !c.kek && !c.kekFile) throw new ConfigError(['KEK (kek) or KEK_FILE (kekFile): required in production']);
  if (production && !c.publicUrl) throw new ConfigError(['PUBLIC_URL (publicUrl): required in production']);
  if (c.smsGatewayUrl && !c.smsGatewaySecret) throw new ConfigError(['SMS_GATEWAY_SECRET (smsGatewaySecret): required with SMS_GATEWAY_URL']);
  if (c.realNameUrl && !c.realNameSecret) throw new ConfigError(['REAL_NAME_SECRET (realNameSecret): required with REAL_NAME_URL']);
  // Sign-in and registration text codes: without a gateway they could only go to the log.
  if (production && !c.smsGatewayUrl) throw new ConfigError(['SMS_GATEWAY_URL (smsGatewayUrl): required in production (SMS codes are never written to the log there)']);
  if (production && c.realNameRegister) throw new ConfigError(['REAL_NAME_REGISTER (realNameRegister): a development register, not allowed in production']);
  if (!c.sessionSecret) devDefaults.push('sessionSecret');
  const databaseUrl = c.databaseUrl ?? `sqlite:${join(dataDir, 'yinxin.db')}`;
  const embedded = databaseUrl.startsWith('sqlite:') && !c.redisUrl;
  const config: Omit<Config, 'secretValues'> = {
    env: c.env,
    host: c.host,
    port: c.port,
    publicUrl: (c.publicUrl ?? `http://localhost:${c.port}`).replace(/\/$/, ''),
    dataDir,
    keysDir: resolve(c.keysDir),
    databaseUrl,
    redisUrl: c.redisUrl,
    redisKeyPrefix: c.redisKeyPrefix,
    sessionSecret: c.sessionSecret ?? devSessionSecret(dataDir),
    logLevel: c.logLevel,
    trustProxy: c.trustProxy,
    bodyLimit: c.bodyLimit,
    shutdownTimeoutMs: c.shutdownTimeoutMs,
    migrateOnStart: c.migrateOnStart ?? embedded,
    kek: c.kek,
    kekFile: resolve(c.kekFile ?? join(resolve(c.keysDir), 'kek')),
    organisation: c.organisation,
    divisionCode: c.divisionCode,
    auditCheckpointIntervalS: c.auditCheckpointIntervalS,
    auditWitnessFile: c.auditWitnessFile === 'off' ? undefined : resolve(c.auditWitnessFile ?? join(resolve(c.keysDir), 'audit-witness.log')),
    oidcPrivateNetworkFetch: c.oidcPrivateNetworkFetch ?? !production,
    oidcKeyActivationDelayS: c.oidcKeyActivationDelayS,
    oidcKeyRetainS: c.oidcKeyRetainS,
    smsGateway: c.smsGatewayUrl && c.smsGatewaySecret ? { url: c.smsGatewayUrl, secret: c.smsGatewaySecret } : undefined,
    certLoginCaDir: c.certLoginCaDir === undefined ? undefined : resolve(c.certLoginCaDir),
    realName: c.realNameUrl && c.realNameSecret ? { url: c.realNameUrl, secret: c.realNameSecret } : undefined,
    pairwiseSecret: c.pairwiseSecret ?? c.sessionSecret ?? devSessionSecret(dataDir),
    sealLicenceFiles: c.sealLicenceFiles,
    realNameRegister: production ? undefined : resolve(c.realNameRegister ?? DEV_REAL_NAME_REGISTER),
    embedded,
    devDefaults,
  };
  const secrets = secretSettingValues(c, config);
  return { ...config, secretValues: () => secrets };
}

/**
 * The value of each setting the schema marks secret: as given, and as resolved under the same
 * name (a generated development session secret). Where the resolved configuration nests one
 * (`smsGateway.secret`) it is the same value, so redaction by value finds it there too.
 */
function secretSettingValues(given: Record<string, unknown>, resolved: object): readonly string[] {
  const values = new Set<string>();
  for (const [name, setting] of Object.entries(settings)) {
    const candidates = [given[name], (resolved as Record<string, unknown>)[name]];
    if (setting.secret) candidates.forEach((v) => (typeof v === 'string' && v !== '' ? values.add(v) : undefined));
    if ('secretContent' in setting && setting.secretContent) {
      candidates.forEach((file) => {
        const content = typeof file === 'string' ? secretFileContent(file) : '';
        if (content) values.add(content);
      });
    }
  }
  return Object.freeze([...values]);
}

/**
 * A secret file's content (a KEK file, say), when there is one of a sensible size to read now; a
 * file made later (a development KEK on the first start) is not covered.
 */
function secretFileContent(file: string): string {
  try {
    if (!existsSync(file) || statSync(file).size > 64 * 1024) return '';
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

/** The configuration with every secret value replaced wherever it sits, fit for a log line. */
export function redactConfig(config: Config): Record<string, unknown> {
  return redactDeep(config, needlesFor(config.secretValues())) as Record<string, unknown>;
}
