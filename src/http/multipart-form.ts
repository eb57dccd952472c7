// The fields and files of a multipart/form-data form post (RFC 7578), for the pages' upload forms
// (a CSV file, a photo on the licence form). Express 5 has no multipart parser and the project
// takes no dependency for it: the forms are small and posted whole, so the body is read within a
// byte limit and split at its boundary here. Repeated names keep their last value.
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../domain/errors.ts';

const CRLF2 = Buffer.from('\r\n\r\n');
const MAX_PARTS = 200;

export interface MultipartForm {
  readonly fields: Record<string, string>;
  /** Files by field name; a file input left empty sends no file. */
  readonly files: Record<string, { name: string; bytes: Buffer }>;
}

export function multipartForm(body: Buffer, contentType: string): MultipartForm {
  const m = /boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (boundary === undefined) throw new AppError('ERR_VALIDATION', 'a multipart form without a boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  const files: Record<string, { name: string; bytes: Buffer }> = Object.create(null) as Record<string, { name: string; bytes: Buffer }>;
  let at = body.indexOf(delimiter);
  for (let parts = 0; at !== -1 && parts < MAX_PARTS; parts++) {
    const start = at + delimiter.length;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    const part = body.subarray(start, next);
    const headerEnd = part.indexOf(CRLF2);
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      // The part ends with CRLF before the next delimiter.
      const content = part.subarray(headerEnd + 4, Math.max(headerEnd + 4, part.length - 2));
      const name = /name="([^"]{1,100})"/i.exec(headers)?.[1];
      const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
      if (name !== undefined && filename !== undefined) {
        if (filename !== '' && content.length > 0) files[name] = { name: filename, bytes: Buffer.from(content) };
      } else if (name !== undefined) {
        fields[name] = content.toString('utf8');
      }
    }
    at = next;
  }
  return { fields, files };
}

const filesOf = new WeakMap<Request, MultipartForm['files']>();

/**
 * Reads a multipart form post of at most `limit` into `req.body` (its text fields, so that the
 * pages' CSRF check reads it as from any form) and its files (postedFile). Other posts pass as they are.
 */
export function readMultipart(limit: string) {
  const raw = express.raw({ type: 'multipart/form-data', limit });
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!req.is('multipart/form-data')) {
      next();
      return;
    }
    raw(req, res, (err?: unknown) => {
      if (err) {
        next(err);
        return;
      }
      try {
        const form = Buffer.isBuffer(req.body) ? multipartForm(req.body, req.headers['content-type'] ?? '') : { fields: {}, files: {} };
        req.body = form.fields;
        filesOf.set(req, form.files);
        next();
      } catch (e) {
        next(e);
      }
    });
  };
}

/** The file a form post sent under `name`, if any. */
export function postedFile(req: Request, name: string): { name: string; bytes: Buffer } | undefined {
  return filesOf.get(req)?.[name];
}
