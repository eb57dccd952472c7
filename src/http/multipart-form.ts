// The text fields and files of a multipart/form-data body (RFC 7578), for the console's upload
// forms. Express 5 has no multipart parser and the project takes no dependency for one; these forms
// send a few small parts, read whole from a body whose size the raw parser already limited.

export interface MultipartForm {
  fields: Record<string, string>;
  files: Record<string, { filename: string; bytes: Buffer }>;
}

const CRLF2 = Buffer.from('\r\n\r\n');

/** The parts by name (the first of a repeated name); empty when the body is not multipart. */
export function multipartForm(body: Buffer, contentType: string): MultipartForm {
  const out: MultipartForm = { fields: {}, files: {} };
  const m = /boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (boundary === undefined) return out;
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    const part = body.subarray(start, next);
    const headerEnd = part.indexOf(CRLF2);
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      // The part ends with CRLF before the next delimiter.
      const content = part.subarray(headerEnd + 4, Math.max(headerEnd + 4, part.length - 2));
      const name = /\bname="([^"]*)"/i.exec(headers)?.[1];
      const filename = /\bfilename="([^"]*)"/i.exec(headers)?.[1];
      if (name !== undefined && filename !== undefined) {
        if (!(name in out.files)) out.files[name] = { filename, bytes: Buffer.from(content) };
      } else if (name !== undefined && !(name in out.fields)) {
        out.fields[name] = content.toString('utf8');
      }
    }
    at = next;
  }
  return out;
}
