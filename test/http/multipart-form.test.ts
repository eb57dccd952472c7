// The pages' multipart form reader: text fields (UTF-8), files by field name, an empty file input
// sends no file, a form without a boundary is refused.
import { describe, expect, it } from 'vitest';
import { multipartForm } from '../../src/http/multipart-form.ts';

const B = '----yinxinFormBoundary7MA4YWxk';
const part = (headers: string, body: string | Buffer) => Buffer.concat([Buffer.from(`--${B}\r\n${headers}\r\n\r\n`), Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), Buffer.from('\r\n')]);

describe('multipartForm', () => {
  it('reads text fields and files, and leaves out an empty file input', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x0d, 0x0a]);
    const body = Buffer.concat([
      part('Content-Disposition: form-data; name="csrf"', 'tok-123'),
      part('Content-Disposition: form-data; name="d_name"', '杭州某某科技有限公司'),
      part('Content-Disposition: form-data; name="d_scope"', 'line one\r\nline two'),
      part('Content-Disposition: form-data; name="d_photo"; filename="p.png"\r\nContent-Type: image/png', png),
      part('Content-Disposition: form-data; name="file"; filename=""\r\nContent-Type: application/octet-stream', ''),
      Buffer.from(`--${B}--\r\n`),
    ]);
    const form = multipartForm(body, `multipart/form-data; boundary=${B}`);
    expect({ ...form.fields }).toEqual({ csrf: 'tok-123', d_name: '杭州某某科技有限公司', d_scope: 'line one\r\nline two' });
    expect(form.files.d_photo?.name).toBe('p.png');
    expect(form.files.d_photo?.bytes.equals(png)).toBe(true);
    expect(form.files.file).toBeUndefined();
  });

  it('refuses a form without a boundary', () => {
    expect(() => multipartForm(Buffer.from('x'), 'multipart/form-data')).toThrow(expect.objectContaining({ code: 'ERR_VALIDATION' }));
  });
});
