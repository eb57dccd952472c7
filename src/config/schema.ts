import { z } from 'zod';

/**
 * Every setting, its environment variable, and whether it is a secret (never logged); a file
 * setting whose content is secret says so with `secretContent` (the content is never logged).
 * A secret may also be given as the content of the file named by `<VAR>_FILE` (SESSION_SECRET_FILE,
 * DATABASE_URL_FILE…: a container's mounted secrets), except where that is a setting (KEK_FILE).
 */
export const settings = {
  env: { envVar: 'NODE_ENV', secret: false },
  host: { envVar: 'HOST', secret: false },
  port: { envVar: 'PORT', secret: false },
  publicUrl: { envVar: 'PUBLIC_URL', secret: false },
  dataDir: { envVar: 'DATA_DIR', secret: false },
  keysDir: { envVar: 'KEYS_DIR', secret: false },
  databaseUrl: { envVar: 'DATABASE_URL', secret: true },
  redisUrl: { envVar: 'REDIS_URL', secret: true },
  redisKeyPrefix: { envVar: 'REDIS_KEY_PREFIX', secret: false },
  sessionSecret: { envVar: 'SESSION_SECRET', secret: true },
  logLevel: { envVar: 'LOG_LEVEL', secret: false },
  trustProxy: { envVar: 'TRUST_PROXY', secret: false },
  bodyLimit: { envVar: 'BODY_LIMIT', secret: false },
  shutdownTimeoutMs: { envVar: 'SHUTDOWN_TIMEOUT_MS', secret: false },
  workers: { envVar: 'WORKERS', secret: false },
  migrateOnStart: { envVar: 'MIGRATE_ON_START', secret: false },
  kek: { envVar: 'KEK', secret: true },
  kekFile: { envVar: 'KEK_FILE', secret: false, secretContent: true },
  organisation: { envVar: 'ORGANISATION', secret: false },
  divisionCode: { envVar: 'DIVISION_CODE', secret: false },
  auditCheckpointIntervalS: { envVar: 'AUDIT_CHECKPOINT_INTERVAL_S', secret: false },
  auditWitnessFile: { envVar: 'AUDIT_WITNESS_FILE', secret: false },
  oidcPrivateNetworkFetch: { envVar: 'OIDC_PRIVATE_NETWORK_FETCH', secret: false },
  oidcKeyActivationDelayS: { envVar: 'OIDC_KEY_ACTIVATION_DELAY_S', secret: false },
  oidcKeyRetainS: { envVar: 'OIDC_KEY_RETAIN_S', secret: false },
  adminOtpMaxAgeS: { envVar: 'ADMIN_OTP_MAX_AGE_S', secret: false },
  smsGatewayUrl: { envVar: 'SMS_GATEWAY_URL', secret: false },
  smsGatewaySecret: { envVar: 'SMS_GATEWAY_SECRET', secret: true },
  certLoginCaDir: { envVar: 'CERT_LOGIN_CA_DIR', secret: false },
  realNameUrl: { envVar: 'REAL_NAME_URL', secret: false },
  realNameSecret: { envVar: 'REAL_NAME_SECRET', secret: true },
  realNameRegister: { envVar: 'REAL_NAME_REGISTER', secret: false },
  pairwiseSecret: { envVar: 'PAIRWISE_SECRET', secret: true },
  sealLicenceFiles: { envVar: 'SEAL_LICENCE_FILES', secret: false },
} as const;

export type SettingName = keyof typeof settings;

const bool = z.union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')]);
const databaseUrl = z.string().regex(/^(sqlite:.+|mysql:\/\/.+|mariadb:\/\/.+)$/, 'must be sqlite:<file> or mysql://user:pass@host:port/db');

/** The raw schema: all optional, so defaults can depend on other settings (see load.ts). */
export const configSchema = z.strictObject({
  env: z.enum(['development', 'test', 'production']).default('development'),
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  publicUrl: z.url({ protocol: /^https?$/ }).optional(),
  dataDir: z.string().min(1).default('./data'),
  keysDir: z.string().min(1).default('./keys'),
  databaseUrl: databaseUrl.optional(),
  redisUrl: z.string().regex(/^rediss?(\+sentinel)?:\/\/.+/, 'must be redis://…, rediss://… or redis+sentinel://…')
    // Several nodes (a Redis Cluster): host:port each, and no database number (a cluster has one).
    .refine((u) => !/^rediss?:\/\/([^@/]*@)?[^/@]*,/.test(u) || /^rediss?:\/\/([^@/]*@)?([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):\d+(,([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):\d+)+\/?$/.test(u),
      'a Redis Cluster is named by host:port,host:port,… after redis:// (no database number)')
    // Sentinels: host:port each, then the name of the master they watch.
    .refine((u) => !/^rediss?\+sentinel:/.test(u) || /^rediss?\+sentinel:\/\/([^@/]*@)?([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):\d+(,([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):\d+)*\/[A-Za-z0-9._-]{1,100}\/?$/.test(u),
      'Redis Sentinel is named by redis+sentinel://host:port[,host:port…]/MASTER_NAME')
    .optional(),
  redisKeyPrefix: z.string().max(64).default('yinxin:'),
  sessionSecret: z.string().min(32, 'must be at least 32 characters').optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  trustProxy: z.union([bool, z.coerce.number().int().min(0).max(10)]).default(false),
  bodyLimit: z.string().regex(/^\d+(b|kb|mb)$/i, 'must be like 512kb or 2mb').default('1mb'),
  shutdownTimeoutMs: z.coerce.number().int().min(0).max(600_000).default(10_000),
  workers: z.coerce.number().int().min(1).max(256).optional(),
  migrateOnStart: bool.optional(),
  kek: z.string().regex(/^[A-Za-z0-9._-]{1,64}:[A-Za-z0-9+/=_-]+([,\n][A-Za-z0-9._-]{1,64}:[A-Za-z0-9+/=_-]+)*$/, 'must be id:base64key[,id:base64key…]').optional(),
  kekFile: z.string().min(1).optional(),
  organisation: z.string().min(1).max(64).default('印信平台'),
  divisionCode: z.string().regex(/^\d{6}$/, 'must be a 6-digit GB/T 2260 division code').default('330100'),
  auditCheckpointIntervalS: z.coerce.number().int().min(0).max(86_400).default(300),
  auditWitnessFile: z.string().min(1).optional(),
  oidcPrivateNetworkFetch: bool.optional(),
  oidcKeyActivationDelayS: z.coerce.number().int().min(1).max(30 * 86_400).default(86_400),
  oidcKeyRetainS: z.coerce.number().int().min(1).max(30 * 86_400).default(86_400),
  // How recent an administrator's one-time password must be for an administrative action.
  adminOtpMaxAgeS: z.coerce.number().int().min(1).max(86_400).default(900),
  smsGatewayUrl: z.url({ protocol: /^https?$/ }).optional(),
  smsGatewaySecret: z.string().min(16, 'must be at least 16 characters').optional(),
  certLoginCaDir: z.string().min(1).optional(),
  realNameUrl: z.url({ protocol: /^https?$/ }).optional(),
  realNameSecret: z.string().min(16, 'must be at least 16 characters').optional(),
  realNameRegister: z.string().min(1).optional(),
  pairwiseSecret: z.string().min(32, 'must be at least 32 characters').optional(),
  sealLicenceFiles: bool.default(true),
});

export type RawConfig = z.input<typeof configSchema>;

/** The resolved configuration the service runs with. */
export interface Config {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  keysDir: string;
  databaseUrl: string;
  redisUrl: string | undefined;
  redisKeyPrefix: string;
  sessionSecret: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  trustProxy: boolean | number;
  bodyLimit: string;
  shutdownTimeoutMs: number;
  /**
   * Service processes `yinxin start` runs on the one port (node:cluster); 1 is a single process
   * with no primary. Default: the number of CPUs in production, 1 otherwise.
   */
  workers: number;
  /**
   * Whether this process runs the once-per-deployment-process jobs (store sweeps, housekeeping,
   * audit checkpoints): a single process does; of several workers only worker 1 does.
   */
  runsSingletons: boolean;
  migrateOnStart: boolean;
  /** Key-encryption keys from the environment (`id:base64`, first is current), else read from kekFile. */
  kek: string | undefined;
  kekFile: string;
  /** Organisation named in the platform certificates. */
  organisation: string;
  /** GB/T 2260 code of the city: the first six digits of every seal code. */
  divisionCode: string;
  /** Seconds between signed audit checkpoints; 0 turns them off. */
  auditCheckpointIntervalS: number;
  /**
   * File outside the database where every audit checkpoint is also appended (the witness that
   * `audit verify` compares with); undefined when turned off (`AUDIT_WITNESS_FILE=off`).
   */
  auditWitnessFile: string | undefined;
  /**
   * Whether the OpenID provider may call apps on private and loopback addresses (back-channel
   * logout to intranet apps). Off by default in production, where it guards against request forgery.
   */
  oidcPrivateNetworkFetch: boolean;
  /** Seconds a new token-signing key is published before it signs. */
  oidcKeyActivationDelayS: number;
  /** Seconds a replaced token-signing key stays published (longer than any token it signed lives). */
  oidcKeyRetainS: number;
  /** Seconds an administrator's sign-in with a one-time password counts for administrative actions. */
  adminOtpMaxAgeS: number;
  /**
   * HTTP SMS gateway for one-time codes; unset: codes are written to the log (development only:
   * production refuses to start without one).
   */
  smsGateway: { url: string; secret: string } | undefined;
  /**
   * Folder of CA certificates outside the platform trusted for certificate login (`*.crt`, `*.cer`,
   * `*.pem`) and their CRLs (`*.crl`); unset: only the platform staff CA.
   */
  certLoginCaDir: string | undefined;
  /** The province's real-name check service; unset: the development register below, if any. */
  realName: { url: string; secret: string } | undefined;
  /**
   * JSON file of test people for the development real-name check (docs/real-name.md); never used
   * in production. Undefined with neither: every check answers "unavailable".
   */
  realNameRegister: string | undefined;
  /** Keys pairwise subject identifiers; set once and never change (every pairwise `sub` would). */
  pairwiseSecret: string;
  /**
   * Whether new licence files (content, signature, PDF) are sealed at rest with SM4 (on by
   * default; about 1 ms per issuance). Sealed files are read either way.
   */
  sealLicenceFiles: boolean;
  /** True when running on the embedded defaults (SQLite file, store in the same file). */
  embedded: boolean;
  /** Unsafe development defaults in force, for a warning at boot. */
  devDefaults: SettingName[];
  /**
   * The values of every setting marked secret above, as given or as generated, for redaction
   * wherever they land (config/redact.ts). A function, so that no serialisation of the
   * configuration ever carries them.
   */
  secretValues: () => readonly string[];
}
