// Reading a request before any route decides: a path with malformed percent-encoding is a 400
// with ERR_BAD_URL on every route; a body that is not what its Content-Encoding says is a 400,
// an encoding the service does not take a 415; and an import's caller is refused before a byte
// of the (possibly huge, compressed) body is read.
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService } from '../support/service.ts';
import type { TestService } from '../support/service.ts';

describe('reading requests', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService();
  }, 60_000);
  afterAll(async () => svc?.stop());

  const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

  it('answers a malformed percent-encoding in a path parameter with 400 ERR_BAD_URL', async () => {
    for (const path of ['/v/%ff', '/v/s/%E0%A4%A', '/api/seals/%ff', '/api/licences/%c0', '/api/admin/apps/%ff', '/interaction/%ff', '/api/enterprises/%ff/agents']) {
      const res = await fetch(`${svc.url}${path}`, { headers: { accept: 'application/json' } });
      expect([path, res.status, await codeOf(res)]).toEqual([path, 400, 'ERR_BAD_URL']);
    }
  });

  it('answers a body that is not what its Content-Encoding says with 400, an unknown encoding with 415', async () => {
    const send = (path: string, type: string, encoding: string, body: Uint8Array | string) =>
      fetch(`${svc.url}${path}`, { method: 'POST', headers: { 'content-type': type, 'content-encoding': encoding, accept: 'application/json' }, body });
    const json = JSON.stringify({ handle: 'AAAAAAAAAAAAAAAA' });
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const res = await send('/api/verify', 'application/json', encoding, json);
      expect([encoding, res.status, await codeOf(res)]).toEqual([encoding, 400, 'ERR_BAD_CONTENT_ENCODING']);
      const raw = await send('/api/verify', 'application/pdf', encoding, '%PDF-1.7 not compressed');
      expect([encoding, raw.status, await codeOf(raw)]).toEqual([encoding, 400, 'ERR_BAD_CONTENT_ENCODING']);
    }
    const compress = await send('/api/verify', 'application/json', 'compress', json);
    expect([compress.status, await codeOf(compress)]).toEqual([415, 'ERR_UNSUPPORTED_MEDIA_TYPE']);
    // A body that really is compressed is read as usual.
    const gzipped = await send('/api/verify', 'application/json', 'gzip', gzipSync(json));
    expect(gzipped.status).toBe(404);
    const page = await fetch(`${svc.url}/verify`, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-encoding': 'gzip' }, body: '--x\r\n' });
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toContain('text/html');
  });

  it.each([
    ['/api/licences/imports', 'application/x-ndjson', 50],
    ['/api/admin/staff/imports', 'text/csv', 10],
  ])('refuses an import at %s from a caller without a valid token before reading its body', async (path, type, mb) => {
    // Headers announcing the largest body, then only a little: a server that read the body first would wait.
    const status = (authorization: string | null) => new Promise<number>((resolve, reject) => {
      const { port } = new URL(svc.url);
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write([`POST ${path} HTTP/1.1`, 'Host: localhost', `Content-Type: ${type}`, 'Content-Encoding: gzip',
          `Content-Length: ${mb * 1024 * 1024}`, ...(authorization ? [`Authorization: ${authorization}`] : []), '', ''].join('\r\n'));
        socket.write(gzipSync(Buffer.alloc(1024, 0x41)));
      });
      let head = '';
      const timer = setTimeout(() => { socket.destroy(); reject(new Error('no answer while the body was incomplete')); }, 5000);
      socket.on('data', (d: Buffer) => {
        head += d.toString('latin1');
        const m = /^HTTP\/1\.1 (\d{3})/.exec(head);
        if (m) {
          clearTimeout(timer);
          socket.destroy();
          resolve(Number(m[1]));
        }
      });
      socket.on('error', reject);
    });
    expect(await status(null)).toBe(401);
    expect(await status(`Bearer ${'A'.repeat(43)}`)).toBe(401);
  });
});
