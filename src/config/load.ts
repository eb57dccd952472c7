import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
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

/** Which worker a process is (1, 2…), as the primary of several workers tells it. */
export const WORKER_SLOT_VAR = 'YINXIN_WORKER_SLOT';

const ENV_VARS = new Set<string>(Object.values(settings).map((s) => s.envVar));

/**
 * The file named by `<VAR>_FILE` for a secret setting (a container's mounted secret), where that
 * is not a setting of its own (KEK_FILE is).
 */
function secretFileOf(env: NodeJS.ProcessEnv, envVar: string): string | undefined {
  const fileVar = `${envVar}_FILE`;
  return ENV_VARS.has(fileVar) ? undefined : env[fileVar] || undefined;
}

const given = (raw: Record<string, unknown>, name: SettingName) => raw[name] !== undefined && raw[name] !== '';

/**
 * Settings required in production or by another setting, as problems (present but invalid ones
 * are the schema's to report). Works on the raw values, so that it can run beside the schema.
 */
function missingSettings(raw: Record<string, unknown>): string[] {
  const production = raw.env === 'production';
  const problems: string[] = [];
  const need = (name: SettingName, when: boolean, why: string) => {
    if (when && !given(raw, name)) problems.push(`${settings[name].envVar} (${name}): ${why}`);
  };
  need('sessionSecret', production, 'required in production');
  need('databaseUrl', production, 'required in production');
  if (production && !given(raw, 'kek') && !given(raw, 'kekFile')) problems.push('KEK (kek) or KEK_FILE (kekFile): required in production');
  need('publicUrl', production, 'required in production');
  need('smsGatewaySecret', given(raw, 'smsGatewayUrl'), 'required with SMS_GATEWAY_URL');
  need('realNameSecret', given(raw, 'realNameUrl'), 'required with REAL_NAME_URL');
  // Sign-in and registration text codes: without a gateway they could only go to the log.
  need('smsGatewayUrl', production, 'required in production (SMS codes are never written to the log there)');
  if (production && given(raw, 'realNameRegister')) problems.push('REAL_NAME_REGISTER (realNameRegister): a development register, not allowed in production');
  return problems;
}

/**
 * Load and validate the configuration: the optional file first, the environment over it.
 * Throws ConfigError naming every bad setting. The only reader of process.env.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = { ...readFile(env.YINXIN_CONFIG) };
  // Every problem at once: an operator fixes the whole list in one go, not one setting per start.
  const problems: string[] = [];
  for (const [name, setting] of Object.entries(settings)) {
    const value = env[setting.envVar];
    const file = setting.secret ? secretFileOf(env, setting.envVar) : undefined;
    if (value !== undefined && value !== '') {
      raw[name] = value;
      if (file) problems.push(`${setting.envVar} (${name}): set it or ${setting.envVar}_FILE, not both`);
    } else if (file) {
      try {
        raw[name] = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
      } catch {
        problems.push(`${setting.envVar}_FILE (${name}): cannot read file ${file}`);
      }
    }
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) problems.push(...parsed.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '');
    const envVar = settings[name as SettingName]?.envVar;
    return envVar ? `${envVar} (${name}): ${issue.message}` : `${name || 'config'}: ${issue.message}`;
  }));
  problems.push(...missingSettings(raw));
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  const c = parsed.data;
  const devDefaults: SettingName[] = [];
  const dataDir = resolve(c.dataDir);
  const production = c.env === 'production';
  if (!c.sessionSecret) devDefaults.push('sessionSecret');
  const databaseUrl = c.databaseUrl ?? `sqlite:${join(dataDir, 'yinxin.db')}`;
  const sqlite = databaseUrl.startsWith('sqlite:');
  const embedded = sqlite && !c.redisUrl;
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
    workers: c.workers ?? (production ? availableParallelism() : 1),
    // Set by the primary of several workers for each (cli/start-workers.ts), never by operators.
    runsSingletons: (env[WORKER_SLOT_VAR] ?? '1') === '1',
    // A SQLite file belongs to this service alone, whichever store holds sessions: bring it up to
    // date on start. A shared MySQL database is migrated by the operator (`yinxin migrate`).
    migrateOnStart: c.migrateOnStart ?? sqlite,
    kek: c.kek,
    kekFile: resolve(c.kekFile ?? join(resolve(c.keysDir), 'kek')),
    organisation: c.organisation,
    divisionCode: c.divisionCode,
    auditCheckpointIntervalS: c.auditCheckpointIntervalS,
    auditWitnessFile: c.auditWitnessFile === 'off' ? undefined : resolve(c.auditWitnessFile ?? join(resolve(c.keysDir), 'audit-witness.log')),
    oidcPrivateNetworkFetch: c.oidcPrivateNetworkFetch ?? !production,
    oidcKeyActivationDelayS: c.oidcKeyActivationDelayS,
    oidcKeyRetainS: c.oidcKeyRetainS,
    adminOtpMaxAgeS: c.adminOtpMaxAgeS,
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
