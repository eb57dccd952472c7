// Which real-name checker the service uses: the province's service when configured, else the
// development register (never in production), else one that is always unavailable.
import { AppError } from '../../domain/errors.ts';
import type { RealNameChecker } from '../../ports/real-name-checker.ts';
import { FileRealNameRegister } from './file-real-name-register.ts';
import { HttpRealNameChecker } from './http-real-name-checker.ts';

export function realNameChecker(config: { realName: { url: string; secret: string } | undefined; realNameRegister: string | undefined }): RealNameChecker {
  if (config.realName) return new HttpRealNameChecker(config.realName);
  if (config.realNameRegister) return new FileRealNameRegister(config.realNameRegister);
  return {
    check: async () => {
      throw new AppError('ERR_STORE_UNAVAILABLE', 'no real-name service configured', { details: { backend: 'real-name' } });
    },
  };
}
