// The reference for bench/verify.ts: the floor of a licence check by handle, as a minimal service
// would answer it. node:http, one MariaDB round trip (the licence row by handle, through mysql2's
// pool, the driver yinxin uses) and the four SM2 verifications a licence check makes (the
// licence's signature, the seal maker's signature on the seal, two certificates of the chain),
// with yinxin's own SM2 verify function, then an answer of the size yinxin's is. No routing, no
// audit, no rate limit, no receipt, no access log. Run as a process with FLOOR_CONFIG (JSON).
import { createServer } from 'node:http';
import { createPool } from 'mysql2/promise';
import { generateKeyPair, sign, verify } from '../../src/crypto/sm2.ts';

const config = JSON.parse(process.env.FLOOR_CONFIG as string) as { port: number; databaseUrl: string; answerBytes: number };
const pool = createPool({ uri: config.databaseUrl, connectionLimit: 10 });
// Four different keys and messages, as the four checks are.
const checks = Array.from({ length: 4 }, (_, i) => {
  const { privateKey, publicKey } = generateKeyPair();
  const message = new TextEncoder().encode(`licence check ${i} ${'x'.repeat(200 * (i + 1))}`);
  return { publicKey, message, signature: sign(privateKey, message) };
});
const padding = 'x'.repeat(config.answerBytes);

createServer((req, res) => {
  const handle = /^\/v\/([\w-]+)$/.exec(req.url ?? '')?.[1];
  if (!handle) {
    res.writeHead(404).end();
    return;
  }
  pool.query('SELECT id, identifier, type_code, issuer_code, status FROM licences WHERE handle = ? LIMIT 1', [handle]).then(([rows]) => {
    const row = (rows as Record<string, unknown>[])[0];
    const valid = row !== undefined && checks.every((c) => verify(c.publicKey, c.message, c.signature));
    const body = JSON.stringify({ verdict: { result: valid ? 'VALID' : 'INVALID' }, licence: row ?? null, padding: padding.slice(0, Math.max(0, config.answerBytes - 300)) });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }, (err: unknown) => {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(String(err));
  });
}).listen(config.port, '127.0.0.1', () => console.log('ready'));
process.once('SIGTERM', () => process.exit(0));
