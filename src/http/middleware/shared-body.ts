// An uploaded file read into memory that the reading threads share with this one. express.raw
// gathers the chunks and joins them in one copy at the end (some 60–80 ms for 20 MB here), and
// handing that Buffer to a pool thread clones it again (over 150 ms): both on the thread that
// answers every other request. Written chunk by chunk into a SharedArrayBuffer sized from
// Content-Length, the file costs this thread one small copy per chunk and nothing to hand over.
// A body without a length, or with a Content-Encoding to undo, goes to express.raw as before.
import express from 'express';
import type { RequestHandler } from 'express';
import { AppError } from '../../domain/errors.ts';

export interface SharedBodyOptions {
  /** Content types read, as for express.raw. */
  readonly type: string | string[];
  /** Largest body in bytes. */
  readonly limit: number;
}

/** Bytes of a size such as `32mb`, `512kb` or `100b`. */
export function byteSize(size: string): number {
  const m = /^(\d+)(b|kb|mb)$/i.exec(size.trim());
  if (m === null) throw new Error(`not a size: ${size}`);
  const unit = m[2]!.toLowerCase();
  return Number(m[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
}

export function sharedRawBody(opts: SharedBodyOptions): RequestHandler {
  const fallback = express.raw({ type: opts.type, limit: opts.limit });
  return (req, res, next) => {
    const length = Number(req.headers['content-length']);
    const encoded = (req.headers['content-encoding'] ?? 'identity').toLowerCase() !== 'identity';
    const typed = req.is(opts.type);
    if (typed !== false && typed !== null && !encoded && Number.isSafeInteger(length) && length > 0) {
      if (length > opts.limit) {
        next(new AppError('ERR_PAYLOAD_TOO_LARGE', `a body of ${length} bytes exceeds the limit of ${opts.limit}`));
        return;
      }
      readShared(req, length).then((body) => {
        req.body = body;
        next();
      }, next);
      return;
    }
    fallback(req, res, next);
  };
}

function readShared(req: express.Request, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const body = Buffer.from(new SharedArrayBuffer(length));
    let at = 0;
    const fail = (why: string) => {
      req.off('data', onData);
      req.resume();
      reject(new AppError('ERR_VALIDATION', why));
    };
    const onData = (chunk: Buffer) => {
      if (at + chunk.length > length) return fail('the body is longer than its Content-Length');
      chunk.copy(body, at);
      at += chunk.length;
    };
    req.on('data', onData);
    req.once('end', () => (at === length ? resolve(body) : fail('the body is shorter than its Content-Length')));
    req.once('aborted', () => fail('the request was aborted'));
    req.once('error', (e) => reject(e));
  });
}
