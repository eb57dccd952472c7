import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CryptoError } from '../../../src/crypto/errors.ts';
import { verifyOfd } from '../../../src/crypto/ofd/verify-ofd.ts';
import { parseXml } from '../../../src/crypto/ofd/xml-reader.ts';
import { openZip } from '../../../src/crypto/ofd/zip-reader.ts';
import { resolveLoc } from '../../../src/crypto/ofd/ofd-path.ts';
import { writeZip } from './zip-writer.ts';
import type { ZipInput } from './zip-writer.ts';

const FIXTURE = '/work/shared/fixtures/interop/kinggrid-einvoice-ses-v4.ofd';
const NOW = new Date('2026-01-01T00:00:00Z');

function fixtureEntries(): ZipInput[] {
  const zip = openZip(new Uint8Array(readFileSync(FIXTURE)));
  return [...zip.entries.keys()].map((name) => ({ name, data: zip.read(name)! }));
}

function rebuilt(change: (entries: ZipInput[]) => ZipInput[]): Uint8Array {
  return writeZip(change(fixtureEntries()));
}

function expectOfdMalformed(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CryptoError);
    expect((e as CryptoError).code).toBe('ERR_OFD_MALFORMED');
    return;
  }
  throw new Error('expected ERR_OFD_MALFORMED');
}

const status = (r: ReturnType<typeof verifyOfd>, id: string) => r.signatures[0]!.checks.find((c) => c.id === id);

describe('verifyOfd on a rebuilt fixture', () => {
  it('a rebuilt but unchanged package verifies as the original', () => {
    const r = verifyOfd(rebuilt((e) => e), { anchors: [], at: NOW });
    expect(r.signatures[0]!.ses?.signatureIntact).toBe(true);
    expect(status(r, 'ofd-references')?.status).toBe('passed');
  });

  it('a changed page fails the References check with HASH_FAILURE', () => {
    const bytes = rebuilt((e) => e.map((x) => x.name === 'Doc_0/Pages/Page_0/Content.xml'
      ? { ...x, data: new TextEncoder().encode(new TextDecoder().decode(x.data).replace('10000.00', '90000.00')) } : x));
    const r = verifyOfd(bytes, { anchors: [], at: NOW });
    expect([r.indication, r.subIndication]).toEqual(['TOTAL_FAILED', 'HASH_FAILURE']);
    expect(status(r, 'ofd-references')?.details?.failed).toBe('mismatch: Doc_0/Pages/Page_0/Content.xml');
    expect(r.signatures[0]!.ses?.signatureIntact).toBe(true);
  });

  it('a missing protected file fails', () => {
    const r = verifyOfd(rebuilt((e) => e.filter((x) => x.name !== 'Doc_0/Res/qrcode.png')), { anchors: [], at: NOW });
    expect(status(r, 'ofd-references')?.details?.failed).toBe('missing: Doc_0/Res/qrcode.png');
    expect(r.subIndication).toBe('HASH_FAILURE');
  });

  it('a changed Signature.xml fails the dataHash', () => {
    const bytes = rebuilt((e) => e.map((x) => x.name === 'Doc_0/Signs/Sign_0/Signature.xml'
      ? { ...x, data: new TextEncoder().encode(new TextDecoder().decode(x.data).replace('20200817111329Z', '20200817111330Z')) } : x));
    const r = verifyOfd(bytes, { anchors: [], at: NOW });
    expect([r.indication, r.subIndication]).toEqual(['TOTAL_FAILED', 'HASH_FAILURE']);
    expect(status(r, 'data-hash')?.status).toBe('failed');
  });

  it('a package without signatures is INDETERMINATE, not valid', () => {
    const ofd = '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>';
    const r = verifyOfd(writeZip([{ name: 'OFD.xml', data: new TextEncoder().encode(ofd) }]), { anchors: [] });
    expect([r.indication, r.subIndication]).toEqual(['INDETERMINATE', 'SIGNED_DATA_NOT_FOUND']);
  });

  it('bytes that are not an OFD give ERR_OFD_MALFORMED', () => {
    expectOfdMalformed(() => verifyOfd(new Uint8Array(100).fill(7), { anchors: [] }));
    expectOfdMalformed(() => verifyOfd(writeZip([{ name: 'a.txt', data: Uint8Array.of(1) }]), { anchors: [] }));
  });
});

describe('bounded ZIP reader', () => {
  const one = (name: string) => writeZip([{ name, data: Uint8Array.of(1, 2, 3) }]);

  it('refuses names that leave the package', () => {
    for (const name of ['../evil.xml', '/etc/passwd', 'Doc_0/../../x', 'a\\b', 'a/./b']) expectOfdMalformed(() => openZip(one(name)));
  });

  it('refuses duplicate entries', () => {
    expectOfdMalformed(() => openZip(writeZip([{ name: 'OFD.xml', data: Uint8Array.of(1) }, { name: 'OFD.xml', data: Uint8Array.of(2) }])));
  });

  it('stops a deflate bomb at the declared size', () => {
    const lying = openZip(writeZip([{ name: 'bomb.xml', data: new Uint8Array(1 << 20), declaredSize: 1000 }]));
    expectOfdMalformed(() => lying.read('bomb.xml'));
  });

  it('detects a CRC mismatch and truncation', () => {
    const z = Buffer.from(writeZip([{ name: 'a.xml', data: new TextEncoder().encode('hello hello hello'), store: true }]));
    z[30 + 5 + 2] ^= 0xff;
    expectOfdMalformed(() => openZip(new Uint8Array(z)).read('a.xml'));
    expectOfdMalformed(() => openZip(new Uint8Array(z.subarray(0, z.length - 5))));
  });
});

describe('bounded XML reader', () => {
  it('reads elements, attributes, entities and CDATA', () => {
    const x = parseXml('<?xml version="1.0" encoding="UTF-8"?><!-- c --><a:R xmlns:a="u" k="1 &amp; 2"><a:C>x&lt;y&#x4e2d;<![CDATA[<z>]]></a:C><a:C/></a:R>');
    expect(x.local).toBe('R');
    expect(x.attributes.k).toBe('1 & 2');
    expect(x.children.map((c) => c.text)).toEqual(['x<y中<z>', '']);
  });

  it('refuses DOCTYPE, unknown entities, bad nesting and deep documents', () => {
    for (const bad of [
      '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', '<x>&foo;</x>', '<x><y></x></y>', '<x>', '<x/><y/>', 'text',
      '<?xml version="1.0" encoding="GBK"?><x/>', '<x a="1" a="2"/>',
    ]) expectOfdMalformed(() => parseXml(bad));
  });

  it('resolves OFD locations inside the package only', () => {
    expect(resolveLoc('Doc_0/Signs', 'Sign_0/Signature.xml')).toBe('Doc_0/Signs/Sign_0/Signature.xml');
    expect(resolveLoc('Doc_0/Signs', '/Doc_0/Pages/Page_0/Content.xml')).toBe('Doc_0/Pages/Page_0/Content.xml');
    expect(resolveLoc('Doc_0/Signs', '../Res/a.png')).toBe('Doc_0/Res/a.png');
    expectOfdMalformed(() => resolveLoc('Doc_0', '../../x'));
  });
});
