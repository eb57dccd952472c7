// Crafted OFD packages for the routes that take one from outside: ZIP bombs and lies, entry
// floods and aliases, XML bombs in the document's parts, page lists and keyword pages that would
// cost a careless reader minutes, signature lists that point outside the package or repeat one
// seal thousands of times. Built on demand from a genuine package, so the repository holds the
// recipe rather than the bytes.
import { openZip } from '../../src/crypto/ofd/zip-reader.ts';
import { writeZip } from '../crypto/ofd/zip-writer.ts';
import type { ZipInput } from '../crypto/ofd/zip-writer.ts';
import { makeOfd } from '../ofd/ofd-fixtures.ts';

const PAGE = 'Doc_0/Pages/Page_0/Content.xml';
const DOC = 'Doc_0/Document.xml';
const text = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const decl = '<?xml version="1.0" encoding="UTF-8"?>';
const NS = 'xmlns:ofd="http://www.ofdspec.org/2016"';

/** The entries of a genuine two-page package whose second page shows 乙方（盖章处）. */
export function baseEntries(): Map<string, Uint8Array> {
  const zip = openZip(makeOfd(2, { keyword: { page: 2, text: '乙方（盖章处）', x: 120, baseline: 230 } }));
  return new Map([...zip.entries.keys()].map((p) => [p, Uint8Array.from(zip.read(p)!)]));
}

/** The genuine package with some files replaced (or added), and extra raw entries after them. */
export function changed(files: Record<string, Uint8Array | string>, extra: ZipInput[] = [], base = baseEntries()): Uint8Array {
  for (const [p, v] of Object.entries(files)) base.set(p, typeof v === 'string' ? text(v) : v);
  // Large parts are stored, as an attacker would, so that the ratio check is not what stops them.
  return writeZip([...[...base].map(([name, data]) => ({ name, data, store: data.length > 64 * 1024 })), ...extra]);
}

/** A page whose layer holds `objects` (raw XML). */
function page(objects: string): string {
  return `${decl}<ofd:Page ${NS}><ofd:Content><ofd:Layer ID="9">${objects}</ofd:Layer></ofd:Content></ofd:Page>`;
}

/** The document part listing `pages` pages, all at one BaseLoc unless `loc` says otherwise. */
function documentXml(pages: number, loc: (i: number) => string = () => 'Pages/Page_0/Content.xml'): string {
  const list = Array.from({ length: pages }, (_, i) => `<Page ID="${i + 100}" BaseLoc="${loc(i)}"/>`).join('');
  return `${decl}<Document><CommonData><MaxUnitID>1</MaxUnitID><PageArea><PhysicalBox>0 0 210 297</PhysicalBox></PageArea></CommonData><Pages>${list}</Pages></Document>`;
}

/**
 * A page of nearly a megabyte that shows 盖 and 处 (the keyword's ends, so a keyword search
 * must parse it) but never 盖章处: 16,000 TextCodes.
 */
function keywordBaitPage(): string {
  const codes = Array.from({ length: 16_000 }, (_, i) => `<ofd:TextCode X="${i % 200}" Y="${10 + (i % 250)}">盖${i % 10}处 ${'x'.repeat(i % 7)}</ofd:TextCode>`).join('');
  return page(`<ofd:TextObject ID="10" Font="1" Size="3" Boundary="0 0 210 297">${codes}</ofd:TextObject>`);
}

/** The crafted packages by name; each should be refused, never cost minutes. */
export const HOSTILE_OFD: Record<string, () => Uint8Array> = {
  // ZIP bombs and lies.
  'bomb: Content.xml of 64 MiB honestly declared': () => {
    const base = baseEntries();
    base.delete(PAGE);
    return changed({}, [{ name: PAGE, data: new Uint8Array(64 << 20).fill(0x20) }], base);
  },
  'bomb: declared 2 KiB, inflates to 40 MiB': () => {
    const base = baseEntries();
    base.delete(PAGE);
    return changed({}, [{ name: PAGE, data: new Uint8Array(40 << 20).fill(0x20), declaredSize: 2048 }], base);
  },
  'bomb: Document.xml declared 2 KiB, inflates to 40 MiB': () => {
    const base = baseEntries();
    base.delete(DOC);
    return changed({}, [{ name: DOC, data: new Uint8Array(40 << 20).fill(0x20), declaredSize: 2048 }], base);
  },
  // Entry floods.
  '100,000 tiny entries (count past 65,535: the end record says 34,464)': () =>
    changed({}, Array.from({ length: 100_000 }, (_, i) => ({ name: `Doc_0/Res/r${i}`, data: Uint8Array.of(1), store: true }))),
  'end record says 65,535 entries (the ZIP64 marker)': () => {
    const z = Buffer.from(changed({}));
    z.writeUInt16LE(0xffff, z.length - 12);
    z.writeUInt16LE(0xffff, z.length - 14);
    return new Uint8Array(z);
  },
  'entry sizes of 0xFFFFFFFF (ZIP64 in the central directory)': () => {
    const base = baseEntries();
    base.delete(PAGE);
    return changed({}, [{ name: PAGE, data: text(page('')), store: true, declaredSize: 0xffffffff }], base);
  },
  // Aliases: two names for one file, one checked, the other shown.
  'duplicate Content.xml': () => changed({}, [{ name: PAGE, data: text(page('')) }]),
  'duplicate differing only by case': () => changed({}, [{ name: PAGE.toLowerCase(), data: text(page('')) }]),
  'duplicate by ./': () => changed({}, [{ name: `./${PAGE}`, data: text(page('')) }]),
  'duplicate by an empty folder (Doc_0//Pages)': () => changed({}, [{ name: PAGE.replace('/', '//'), data: text(page('')) }]),
  'entry name with ../': () => changed({}, [{ name: '../../etc/passwd', data: text('x') }]),
  'absolute entry name': () => changed({}, [{ name: '/OFD.xml', data: text('x') }]),
  // XML bombs in the parts.
  'Content.xml nested 100,000 deep': () => changed({ [PAGE]: `${decl}${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}` }),
  'Document.xml nested 100,000 deep': () => changed({ [DOC]: `${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}` }),
  'OFD.xml nested 100,000 deep': () => changed({ 'OFD.xml': `${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}` }),
  'billion laughs in Content.xml': () => {
    const defs = ['<!ENTITY l0 "lol">'];
    for (let i = 1; i <= 9; i++) defs.push(`<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`);
    return changed({ [PAGE]: `${decl}<!DOCTYPE p [${defs.join('')}]>${page('<ofd:TextObject ID="10" Size="3"><ofd:TextCode X="1" Y="9">&l9;</ofd:TextCode></ofd:TextObject>').slice(decl.length)}` });
  },
  'DOCTYPE with an external entity in Document.xml': () => changed({ [DOC]: `${decl}<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><ofd:Document ${NS}>&x;</ofd:Document>` }),
  'DeltaX of two million numbers': () => changed({ [PAGE]: page(`<ofd:TextObject ID="10" Size="3"><ofd:TextCode X="1" Y="9" DeltaX="${'1 '.repeat(2_000_000)}">盖章处</ofd:TextCode></ofd:TextObject>`) }),
  'DeltaX g 999999999 1': () => changed({ [PAGE]: page('<ofd:TextObject ID="10" Size="3"><ofd:TextCode X="1" Y="9" DeltaX="g 999999999 1 g 999999999 1">盖章</ofd:TextCode></ofd:TextObject>') }),
  'Content.xml of 40,000 TextCodes': () => changed({ [PAGE]: page(`<ofd:TextObject ID="10" Size="3">${'<ofd:TextCode X="1" Y="9">字</ofd:TextCode>'.repeat(40_000)}</ofd:TextObject>`) }),
  // Page lists.
  'page list of 100,000 pages': () => changed({ [DOC]: documentXml(100_000) }),
  'page list naming a missing page file': () => changed({ [DOC]: documentXml(2, (i) => `Pages/Page_${i + 7}/Content.xml`) }),
  'page list naming a page outside the package': () => changed({ [DOC]: documentXml(2, () => '../../../etc/passwd') }),
  // Keyword search that would parse one megabyte 29,000 times.
  '29,000 pages at one 1 MB page that baits a keyword search': () => changed({ [DOC]: documentXml(29_000, () => 'p'), 'Doc_0/p': keywordBaitPage() }),
  // Entries up to a megabyte may deflate as well as they like: 90 of them stay within the total budget.
  '80 distinct 1 MB pages, deflated, each baiting a keyword search': () => {
    const bait = text(keywordBaitPage());
    return changed({ [DOC]: documentXml(80, (i) => `p${i}`) }, Array.from({ length: 80 }, (_, i) => ({ name: `Doc_0/p${i}`, data: bait })));
  },
  // The size of a page is read from the text before its Content: 40 pages whose heads hold 6,000 empty Areas each (60 KB).
  '40 pages each opening with 6,000 empty Area elements': () => {
    const head = text(`${decl}<ofd:Page ${NS}>${'<ofd:Area>'.repeat(6_000)}<ofd:Content></ofd:Content></ofd:Page>`);
    return changed({ [DOC]: documentXml(40, (i) => `a${i}`) }, Array.from({ length: 40 }, (_, i) => ({ name: `Doc_0/a${i}`, data: head, store: true })));
  },
  // Signature lists.
  'OFD.xml naming a signature list outside the package': () => {
    const ofd = Buffer.from(baseEntries().get('OFD.xml')!).toString('utf8');
    return changed({ 'OFD.xml': ofd.replace(/(<\/(?:\w+:)?DocRoot>)/, '$1<ofd:Signatures>../../etc/Signatures.xml</ofd:Signatures>') });
  },
  // Damaged and unsupported ZIPs.
  'truncated ZIP': () => { const z = changed({}); return z.subarray(0, z.length >> 1); },
  'truncated inside the central directory': () => { const z = changed({}); return z.subarray(0, z.length - 40); },
  'encrypted entry flag': () => {
    const base = baseEntries();
    base.delete(PAGE);
    return changed({}, [{ name: PAGE, data: text(page('')), flags: 1 }], base);
  },
  'not a ZIP at all': () => text('这不是一个 OFD 文件，只是一段文字。'.repeat(200)),
};

/**
 * A sealed package whose signature list names its first seal `n` times over: each entry costs a
 * verifier a Signature.xml, the files it protects and an SES signature check.
 */
export function repeatedSignatures(sealed: Uint8Array, n: number): Uint8Array {
  const zip = openZip(sealed);
  const files = new Map([...zip.entries.keys()].map((p) => [p, Uint8Array.from(zip.read(p)!)]));
  const ofd = Buffer.from(files.get('OFD.xml')!).toString('utf8');
  const loc = /<(?:\w+:)?Signatures>([^<]+)</.exec(ofd)![1]!.trim().replace(/^\//, '');
  const list = Buffer.from(files.get(loc)!).toString('utf8');
  const one = /<(?:\w+:)?Signature\b[^>]*\/>|<(?:\w+:)?Signature\b[^>]*>[\s\S]*?<\/(?:\w+:)?Signature>/.exec(list)![0];
  const close = list.lastIndexOf('</');
  files.set(loc, text(list.slice(0, close) + one.repeat(n) + list.slice(close)));
  return writeZip([...files].map(([name, data]) => ({ name, data })));
}
