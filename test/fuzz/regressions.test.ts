// Inputs the fuzz harness found crashing a parser, each now a typed outcome.
import { describe, expect, it } from 'vitest';
import { decodeTextString } from '../../src/pdf/serialize.ts';

describe('fuzz findings', () => {
  it('a PDF text string in UTF-16BE with an odd byte count decodes, dropping the dangling byte (was a RangeError from swap16)', () => {
    expect(decodeTextString(Uint8Array.of(0xfe, 0xff, 0x00, 0x41, 0x00))).toBe('A');
    expect(decodeTextString(Uint8Array.of(0xfe, 0xff, 0x4e))).toBe('');
  });
});
