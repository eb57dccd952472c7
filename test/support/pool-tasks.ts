// Tasks for the worker pool's own tests: an echo, failures of each kind, and a busy loop.
import { CryptoError } from '../../src/crypto/errors.ts';
import { AppError } from '../../src/domain/errors.ts';

export const poolTestTasks = {
  echo: (input: { bytes: Uint8Array; when: Date }) => ({ length: input.bytes.length, when: input.when, map: new Map([['a', 1]]) }),
  appError: () => {
    throw new AppError('ERR_VALIDATION', 'page: must be a page number from 1', { details: { issues: [{ path: ['page'], message: 'must be a page number from 1' }] } });
  },
  cryptoError: () => {
    throw new CryptoError('ERR_PDF_BUDGET', 'the document exceeds the limit on work (1)');
  },
  /** The bytes reversed in place (a large result) and a small Buffer cut from Node's shared pool. */
  reverse: (input: { bytes: Uint8Array }) => ({ bytes: input.bytes.reverse(), small: Buffer.from('pool') }),
  spin: (input: { ms: number }) => {
    const until = Date.now() + input.ms;
    while (Date.now() < until) { /* holds the thread, as a hostile file would */ }
    return input.ms;
  },
};
