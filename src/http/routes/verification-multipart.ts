// The one file of a multipart/form-data upload (the verification page's form). Express 5 has no
// multipart parser; the page sends a single file field, so reading that one part is enough.
import { AppError } from '../../domain/errors.ts';

const CRLF2 = Buffer.from('\r\n\r\n');

/** The bytes of the first part that carries a file name; ERR_VALIDATION when there is none. */
export function multipartFile(body: Buffer, contentType: string): Buffer {
  const m = /boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  const none = () => new AppError('ERR_VALIDATION', 'no file in the form', { details: { issues: [{ path: ['file'], code: 'required', message: 'choose a file' }] } });
  if (boundary === undefined) throw none();
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    const part = body.subarray(start, next);
    const headerEnd = part.indexOf(CRLF2);
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('latin1');
      // The part ends with CRLF before the next delimiter.
      const content = part.subarray(headerEnd + 4, part.length - 2);
      if (/filename="[^"]+"/i.test(headers) && content.length > 0) return content;
    }
    at = next;
  }
  throw none();
}
