// Uploads read into shared memory: a body with a Content-Length arrives as a Buffer over a
// SharedArrayBuffer (so handing it to a pool thread copies nothing), one over the limit is 413
// before it is read, and a compressed or length-less body is read by express.raw as before.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { pino } from 'pino';
import { Router } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import { byteSize, sharedRawBody } from '../../src/http/middleware/shared-body.ts';

describe('uploads read into shared memory', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    const r = Router();
    r.post('/up', sharedRawBody({ type: 'application/pdf', limit: 1024 * 1024 }), (req, res) => {
      const body = req.body as unknown;
      res.json({
        bytes: Buffer.isBuffer(body) ? body.length : null,
        shared: Buffer.isBuffer(body) && body.buffer instanceof SharedArrayBuffer,
        head: Buffer.isBuffer(body) ? body.subarray(0, 5).toString('latin1') : null,
      });
    });
    const app = createApp({ logger: pino({ level: 'silent' }), bodyLimit: '1mb', trustProxy: false, readiness: [], isStopping: () => false, routers: [r] });
    server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (body: Buffer, headers: Record<string, string | number>) => new Promise<{ status: number; json: Record<string, unknown> }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/up', method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => { text += d.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end(body);
  });
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(300_000, 0x41)]);

  it('reads a body with a length into a SharedArrayBuffer, byte for byte', async () => {
    const out = await post(pdf, { 'content-type': 'application/pdf', 'content-length': pdf.length });
    expect(out).toEqual({ status: 200, json: { bytes: pdf.length, shared: true, head: '%PDF-' } });
  });

  it('refuses a body announced over the limit before reading it', async () => {
    const big = Buffer.alloc(1024 * 1024 + 1, 0x41);
    const out = await post(big, { 'content-type': 'application/pdf', 'content-length': big.length });
    expect(out.status).toBe(413);
    expect((out.json.error as { code: string }).code).toBe('ERR_PAYLOAD_TOO_LARGE');
  });

  it('leaves compressed and length-less bodies to express.raw', async () => {
    const gz = await post(gzipSync(pdf), { 'content-type': 'application/pdf', 'content-encoding': 'gzip' });
    expect(gz.json).toEqual({ bytes: pdf.length, shared: false, head: '%PDF-' });
    const chunked = await post(pdf, { 'content-type': 'application/pdf', 'transfer-encoding': 'chunked' });
    expect(chunked.json).toEqual({ bytes: pdf.length, shared: false, head: '%PDF-' });
  });

  it('reads sizes as the settings write them', () => {
    expect([byteSize('32mb'), byteSize('512kb'), byteSize('100b')]).toEqual([32 * 1024 * 1024, 512 * 1024, 100]);
    expect(() => byteSize('lots')).toThrow();
  });
});
