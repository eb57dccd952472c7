// The console's multipart reader: text fields and files by name, as a browser sends them.
import { describe, expect, it } from 'vitest';
import { multipartForm } from '../../src/http/multipart-form.ts';

describe('multipartForm', () => {
  it("reads a browser's form: text fields and a file, by name", async () => {
    const form = new FormData();
    form.append('csrf', 'token-1');
    form.append('csvText', '');
    form.append('file', new Blob(['code,name\r\nA-1,失业登记\r\n'], { type: 'text/csv' }), '事项.csv');
    const req = new Request('http://x/', { method: 'POST', body: form });
    const out = multipartForm(Buffer.from(await req.arrayBuffer()), req.headers.get('content-type') ?? '');
    expect(out.fields).toEqual({ csrf: 'token-1', csvText: '' });
    expect(out.files.file?.filename).toBe('事项.csv');
    expect(out.files.file?.bytes.toString('utf8')).toBe('code,name\r\nA-1,失业登记\r\n');
  });

  it('gives nothing for a body without a boundary, or a truncated one', () => {
    expect(multipartForm(Buffer.from('csrf=1'), 'application/x-www-form-urlencoded')).toEqual({ fields: {}, files: {} });
    expect(multipartForm(Buffer.from('--b\r\nContent-Disposition: form-data; name="csrf"\r\n\r\nx'), 'multipart/form-data; boundary=b')).toEqual({ fields: {}, files: {} });
  });

  it('keeps the first of a repeated name, and an empty file as empty bytes', () => {
    const body = Buffer.from([
      '--b', 'Content-Disposition: form-data; name="csrf"', '', 'one',
      '--b', 'Content-Disposition: form-data; name="csrf"', '', 'two',
      '--b', 'Content-Disposition: form-data; name="file"; filename=""', 'Content-Type: application/octet-stream', '', '',
      '--b--', '',
    ].join('\r\n'));
    const out = multipartForm(body, 'multipart/form-data; boundary=b');
    expect(out.fields).toEqual({ csrf: 'one' });
    expect(out.files.file?.bytes.length).toBe(0);
  });
});
