// The `files` field of a retrieval, shared by `/api/licence-use/retrievals` and a counter request's
// retrieval: which sealed files to include with each licence.
import { z } from 'zod';
import { FILE_FORMATS } from '../../services/licence-use/used-licence.ts';
import type { FileFormat } from '../../services/licence-use/used-licence.ts';

export const filesField = z.union([z.boolean(), z.enum(FILE_FORMATS), z.array(z.enum(FILE_FORMATS)).min(1).max(FILE_FORMATS.length)]).default(false)
  .describe('The sealed files to include with each licence (base64): "pdf" (as `file`), "ofd" (as `ofdFile`, GB/T 33190 sealed per GB/T 38540), both as ["pdf", "ofd"]; true means "pdf", false none.');

/** The formats `files` asks for, each once, in the order given. */
export function fileFormats(files: boolean | FileFormat | FileFormat[]): FileFormat[] {
  if (typeof files === 'boolean') return files ? ['pdf'] : [];
  return [...new Set(typeof files === 'string' ? [files] : files)];
}
