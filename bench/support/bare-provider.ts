// The reference for bench/oidc.ts and bench/cluster.ts: a bare oidc-provider on node:http with the
// library's example Redis adapter, and a minimal interaction that does what a password sign-in
// must (the login page with a CSRF field, the account looked up, one argon2id verification with
// the same library and parameters as yinxin's hasher, the interaction finished) and consent as a
// first-party app's is given (a grant made while the provider loads it, as yinxin does). No audit,
// no access log, no Express, no rate limits, no account store behind it: the floor of the flow.
// Run as a process: `node bench/support/bare-provider.ts` with BARE_CONFIG (JSON, see Config).
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { verify } from '@node-rs/argon2';
import Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { createClient } from 'redis';
import { exampleRedisAdapter } from './example-redis-adapter.ts';

interface Config {
  port: number;
  redisUrl: string;
  prefix: string;
  ccSecret: string;
  redirect: string;
  /** login → argon2id hash, as an account store would return it */
  accounts: Record<string, string>;
}

const config = JSON.parse(process.env.BARE_CONFIG as string) as Config;
const base = `http://127.0.0.1:${config.port}`;
const redis = createClient({ url: config.redisUrl });
await redis.connect();
const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });

const provider = new Provider(`${base}/oidc`, {
  adapter: exampleRedisAdapter(redis, config.prefix),
  clients: [
    { client_id: 'cc', client_secret: config.ccSecret, grant_types: ['client_credentials'], response_types: [], redirect_uris: [], scope: 'licences' },
    { client_id: 'web', token_endpoint_auth_method: 'none', grant_types: ['authorization_code'], response_types: ['code'], redirect_uris: [config.redirect] },
  ],
  jwks: { keys: [{ ...jwk, kid: 'k1', alg: 'ES256', use: 'sig' } as never] },
  clientDefaults: { grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic', id_token_signed_response_alg: 'ES256' },
  cookies: { keys: [randomBytes(32).toString('base64url')], long: { signed: true, httpOnly: true, sameSite: 'lax' }, short: { signed: true, httpOnly: true, sameSite: 'lax' } },
  scopes: ['openid', 'licences'],
  pkce: { required: () => true },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
  // First-party consent given while the grant loads (the library's documented way to skip it).
  loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
    const { oidc } = ctx;
    const grantId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(oidc.client!.clientId);
    if (grantId) return oidc.provider.Grant.find(grantId);
    const accountId = oidc.session?.accountId;
    if (!accountId) return undefined;
    const grant = new oidc.provider.Grant({ accountId, clientId: oidc.client!.clientId });
    grant.addOIDCScope([...oidc.requestParamOIDCScopes].join(' '));
    await grant.save();
    return grant;
  },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true, defaultResource: () => undefined, useGrantedResource: () => true,
      getResourceServerInfo: () => ({ scope: 'licences', audience: `${base}/api`, accessTokenFormat: 'opaque', accessTokenTTL: 600 }),
    },
  },
  ttl: { AccessToken: 600, AuthorizationCode: 60, ClientCredentials: 600, IdToken: 600, Interaction: 600, Grant: 14 * 24 * 3600, Session: 8 * 3600 },
});
const oidc = provider.callback();

async function form(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

async function interaction(req: IncomingMessage, res: ServerResponse, uid: string, action: string | undefined): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  if (req.method === 'GET') {
    const csrf = randomBytes(16).toString('base64url');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'set-cookie': `csrf=${csrf}; path=/interaction; httponly; samesite=lax` });
    res.end(`<!doctype html><title>登录</title><form method="post" action="/interaction/${uid}/login"><input type="hidden" name="csrf" value="${csrf}"><input name="login"><input name="password" type="password"><button>登录</button></form>`);
    return;
  }
  if (action !== 'login') throw new Error('unknown action');
  const f = await form(req);
  const csrfCookie = /(?:^|;\s*)csrf=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  const stored = config.accounts[f.get('login') ?? ''];
  if (!csrfCookie || csrfCookie !== f.get('csrf') || !stored || !(await verify(stored, f.get('password') ?? ''))) {
    res.writeHead(401, { 'content-type': 'text/plain' });
    res.end('login refused');
    return;
  }
  await provider.interactionFinished(req, res, { login: { accountId: `a_${f.get('login')}` } }, { mergeWithLastSubmission: false });
}

createServer((req, res) => {
  const url = req.url ?? '/';
  if (url.startsWith('/oidc')) {
    (req as IncomingMessage & { originalUrl?: string }).originalUrl = url;
    req.url = url.slice(5) || '/';
    void oidc(req, res);
    return;
  }
  const m = /^\/interaction\/([\w-]+)(?:\/(\w+))?$/.exec(url);
  if (!m) {
    res.writeHead(404).end();
    return;
  }
  interaction(req, res, m[1] as string, m[2]).catch((err: unknown) => {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(String(err));
  });
}).listen(config.port, '127.0.0.1', () => console.log('ready'));
// Exit through process.exit so that a CPU profile (BENCH_PROFILE_DIR) is written.
process.once('SIGTERM', () => process.exit(0));
