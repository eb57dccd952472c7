// The one file of a multipart/form-data upload (the verification page's form), read by the pages'
// multipart reader (multipart-form.ts).
import { AppError } from '../../domain/errors.ts';
import { multipartForm } from '../multipart-form.ts';

/** The bytes of the first part that carries a file; ERR_VALIDATION when there is none. */
export function multipartFile(body: Buffer, contentType: string): Buffer {
  const none = () => new AppError('ERR_VALIDATION', 'no file in the form', { details: { issues: [{ path: ['file'], code: 'required', message: 'choose a file' }] } });
  if (!/boundary=/i.test(contentType)) throw none();
  const file = Object.values(multipartForm(body, contentType).files)[0];
  if (file === undefined) throw none();
  return file.bytes;
}
