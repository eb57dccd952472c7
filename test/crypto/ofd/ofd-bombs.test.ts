// Crafted OFD packages and XML that would cost a careless reader gigabytes or minutes: each is
// refused with a stable code, before the work, within a fraction of a second.
import { describe, expect, it } from 'vitest';
import { CryptoError } from '../../../src/crypto/errors.ts';
import { verifyOfd } from '../../../src/crypto/ofd/verify-ofd.ts';
import { XML_LIMITS, parseXml } from '../../../src/crypto/ofd/xml-reader.ts';
import { openZip } from '../../../src/crypto/ofd/zip-reader.ts';
import {
  xmlBillionLaughs, xmlDeep, xmlLongTag, xmlReferenceFlood, xmlWide, zipDeepName, zipManyEntries, zipManySmallBombs, zipOverlapBomb, zipRatioBomb,
} from '../../support/bombs.ts';
import { findOfdKeyword, pageSize } from '../../../src/ofd/ofd-pages.ts';
import { writeZip } from './zip-writer.ts';

/** Runs `f`, which must throw a CryptoError with `code` within `ms` (CPU time, so a busy machine does not fail it). */
function refused(f: () => unknown, code: string, ms = 500): void {
  const cpu0 = process.cpuUsage();
  let thrown: unknown;
  try {
    f();
  } catch (e) {
    thrown = e;
  }
  const cpu = process.cpuUsage(cpu0);
  expect(thrown).toBeInstanceOf(CryptoError);
  expect((thrown as CryptoError).code).toBe(code);
  expect((cpu.user + cpu.system) / 1000).toBeLessThan(ms);
}

const ofdWith = (xml: string) => writeZip([{ name: 'OFD.xml', data: new TextEncoder().encode(xml) }]);

describe('ZIP bombs', () => {
  it('one entry that inflates a thousandfold is refused on its directory entry, nothing inflated', () => {
    const bomb = zipRatioBomb();
    expect(bomb.length).toBeLessThan(200_000);
    refused(() => openZip(bomb), 'ERR_OFD_TOO_LARGE');
    refused(() => verifyOfd(bomb, { anchors: [] }), 'ERR_OFD_TOO_LARGE');
  });

  it('many entries each within the ratio, together past the total budget', () => {
    refused(() => openZip(zipManySmallBombs()), 'ERR_OFD_TOO_LARGE');
  });

  it('overlapping entries that share one compressed stream', () => {
    const bomb = zipOverlapBomb();
    expect(bomb.length).toBeLessThan(200_000);
    refused(() => openZip(bomb), 'ERR_OFD_TOO_LARGE');
    // Fewer of them fit the budget, and every entry but the first is caught by its local header.
    const few = openZip(zipOverlapBomb(3));
    expect(few.read('OFD.xml')).toHaveLength(900 << 10);
    refused(() => few.read('f1.xml'), 'ERR_OFD_MALFORMED');
  });

  it('too many entries, and names nested too deep or too long', () => {
    refused(() => openZip(zipManyEntries()), 'ERR_OFD_TOO_LARGE');
    refused(() => openZip(zipDeepName()), 'ERR_OFD_TOO_LARGE');
    refused(() => openZip(writeZip([{ name: `${'n'.repeat(600)}.xml`, data: Uint8Array.of(1) }])), 'ERR_OFD_TOO_LARGE');
    expect(openZip(zipDeepName(16)).entries.size).toBe(1);
  });

  it('limits are per call: a caller may lower them', () => {
    refused(() => openZip(writeZip([{ name: 'a', data: new Uint8Array(4096) }]), { maxEntryBytes: 1024 }), 'ERR_OFD_TOO_LARGE');
    refused(() => openZip(writeZip([{ name: 'a', data: new Uint8Array(600) }, { name: 'b', data: new Uint8Array(600) }]), { maxTotalBytes: 1000 }), 'ERR_OFD_TOO_LARGE');
  });
});

describe('XML bombs', () => {
  it('billion laughs: no DOCTYPE, so nothing is expanded', () => {
    refused(() => parseXml(xmlBillionLaughs()), 'ERR_OFD_MALFORMED');
    refused(() => verifyOfd(ofdWith(xmlBillionLaughs()), { anchors: [] }), 'ERR_OFD_MALFORMED');
  });

  it('deep nesting, a flood of elements, a huge start tag and a flood of references are refused before parsing', () => {
    refused(() => parseXml(xmlDeep()), 'ERR_OFD_TOO_LARGE');
    refused(() => parseXml(xmlWide()), 'ERR_OFD_TOO_LARGE');
    refused(() => parseXml(xmlLongTag()), 'ERR_OFD_TOO_LARGE');
    refused(() => parseXml(xmlReferenceFlood()), 'ERR_OFD_TOO_LARGE');
    refused(() => parseXml(`<r>${'x'.repeat(XML_LIMITS.bytes)}</r>`), 'ERR_OFD_TOO_LARGE');
    refused(() => verifyOfd(ofdWith(xmlDeep()), { anchors: [] }), 'ERR_OFD_TOO_LARGE');
  });

  it('documents at the limits still read', () => {
    expect(parseXml(xmlDeep(XML_LIMITS.depth)).local).toBe('a');
    expect(parseXml(xmlWide(XML_LIMITS.elements - 1)).children).toHaveLength(XML_LIMITS.elements - 1);
    expect(parseXml(xmlReferenceFlood(1000)).text).toBe('&'.repeat(1000));
  });

  it('decodes references once: &amp;lt; is the text &lt;, and CDATA is left as written', () => {
    const x = parseXml('<r a="&amp;lt;&#x4e2d;">&amp;lt;&#20013;<![CDATA[&amp;]]></r>');
    expect(x.attributes.a).toBe('&lt;中');
    expect(x.text).toBe('&lt;中&amp;');
    refused(() => parseXml('<r>&#0;</r>'), 'ERR_OFD_MALFORMED');
    refused(() => parseXml('<r>&#x110000;</r>'), 'ERR_OFD_MALFORMED');
  });
});

describe('aliases, ZIP64 sizes and repeated work', () => {
  const one = (name: string) => ({ name, data: Uint8Array.of(1), store: true });

  it('refuses two names for one file: differing only in case, or by an empty folder; ZIP64 sizes are ZIP64', () => {
    refused(() => openZip(writeZip([one('Doc_0/Content.xml'), one('doc_0/content.xml')])), 'ERR_OFD_MALFORMED');
    refused(() => openZip(writeZip([one('Doc_0//Content.xml')])), 'ERR_OFD_MALFORMED');
    refused(() => openZip(writeZip([{ ...one('a'), declaredSize: 0xffffffff }])), 'ERR_OFD_MALFORMED');
    // A folder entry keeps its trailing slash.
    expect([...openZip(writeZip([one('Doc_0/'), one('Doc_0/a')])).entries.keys()]).toEqual(['Doc_0/a']);
  });

  it('a keyword search parses each page file once and at most its budget of page XML', () => {
    const bait = new TextEncoder().encode(`<Page><Content><Layer><TextObject Size="3">${'<TextCode X="1" Y="9">盖 处</TextCode>'.repeat(2000)}</TextObject></Layer></Content></Page>`);
    let reads = 0;
    const read = (p: string) => { reads++; return p === 'same' || p.startsWith('p') ? bait : undefined; };
    const same = { docPath: 'd', listPath: undefined, pages: Array.from({ length: 5000 }, (_, i) => ({ id: String(i), contentPath: 'same', width: 210, height: 297 })) };
    expect(findOfdKeyword(read, same, '盖章处')).toBeUndefined();
    expect(reads).toBeLessThanOrEqual(2);
    const many = { ...same, pages: same.pages.map((p, i) => ({ ...p, contentPath: `p${i}` })) };
    refused(() => findOfdKeyword(read, many, '盖章处', undefined, bait.length * 3), 'ERR_OFD_TOO_LARGE', 1000);
  });

  it('a page\'s size is read in one pass whatever its head holds', () => {
    const head = new TextEncoder().encode(`<Page>${'<Area>'.repeat(10_000)}<Content/></Page>`);
    const cpu0 = process.cpuUsage();
    expect(pageSize(() => head, { id: '1', contentPath: 'p', width: 210, height: 297 })).toEqual({ width: 210, height: 297 });
    const cpu = process.cpuUsage(cpu0);
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(200);
    const own = new TextEncoder().encode('<Page><Area><PhysicalBox>0 0 100 150</PhysicalBox></Area><Content/></Page>');
    expect(pageSize(() => own, { id: '1', contentPath: 'p', width: 210, height: 297 })).toEqual({ width: 100, height: 150 });
  });
});
