/**
 * A small, bounded XML reader for the OFD files that signature verification reads (OFD.xml,
 * Signatures.xml, Signature.xml): elements, attributes, text, comments, CDATA and the five
 * predefined entities plus character references.
 *
 * Why our own: no XML parser is among the project's dependencies yet (fast-xml-parser or saxes
 * are candidates), and these files are simple. It refuses DOCTYPE outright (no entity
 * expansion, no external entities), caps size, depth, element and attribute counts, and runs
 * without recursion. Namespaces are matched by local name, which is how OFD readers behave.
 * Every failure is `ERR_OFD_MALFORMED`.
 */
import { CryptoError } from '../errors.ts';

/** One element. */
export interface XmlElement {
  /** The name as written, e.g. `ofd:Signature`. */
  readonly name: string;
  /** The name without its prefix, e.g. `Signature`. */
  readonly local: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** The element's own text (outside child elements), entities decoded. */
  text: string;
}

const MAX_XML_BYTES = 16 << 20;
const MAX_DEPTH = 64;
const MAX_ELEMENTS = 200_000;
const MAX_ATTRIBUTES = 256;

function bad(message: string): never {
  throw new CryptoError('ERR_OFD_MALFORMED', `XML: ${message}`);
}

const NAME = /[A-Za-z_:\u0080-\uffff][-A-Za-z0-9_:.\u0080-\uffff]*/y;
const SPACE = /[ \t\r\n]*/y;
const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&([^;&]{0,12});?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) bad('unterminated entity reference');
    if (ref in ENTITIES) return ENTITIES[ref]!;
    const m = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(ref);
    if (m === null) bad(`unknown entity &${ref};`);
    const cp = m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]);
    if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) bad('bad character reference');
    return String.fromCodePoint(cp);
  });
}

function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

class Cursor {
  pos = 0;
  readonly s: string;

  constructor(s: string) {
    this.s = s;
  }

  name(): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.s);
    if (m === null) bad(`name expected at ${this.pos}`);
    this.pos += m[0].length;
    return m[0];
  }

  space(): void {
    SPACE.lastIndex = this.pos;
    this.pos += SPACE.exec(this.s)![0].length;
  }

  skipPast(end: string): string {
    const i = this.s.indexOf(end, this.pos);
    if (i < 0) bad(`missing ${end}`);
    const inner = this.s.slice(this.pos, i);
    this.pos = i + end.length;
    return inner;
  }
}

function readStartTag(c: Cursor): { name: string; attributes: Record<string, string>; selfClosing: boolean } {
  c.pos++; // '<'
  const name = c.name();
  const attributes: Record<string, string> = Object.create(null) as Record<string, string>;
  let count = 0;
  for (;;) {
    c.space();
    const ch = c.s[c.pos];
    if (ch === '>') { c.pos++; return { name, attributes, selfClosing: false }; }
    if (ch === '/' && c.s[c.pos + 1] === '>') { c.pos += 2; return { name, attributes, selfClosing: true }; }
    if (++count > MAX_ATTRIBUTES) bad('too many attributes');
    const attr = c.name();
    c.space();
    if (c.s[c.pos] !== '=') bad(`= expected after ${attr}`);
    c.pos++;
    c.space();
    const q = c.s[c.pos];
    if (q !== '"' && q !== "'") bad('quoted attribute value expected');
    c.pos++;
    const raw = c.skipPast(q);
    if (raw.includes('<')) bad('< in attribute value');
    if (attr in attributes) bad(`duplicate attribute ${attr}`);
    attributes[attr] = decodeEntities(raw);
  }
}

function decodeText(bytes: Uint8Array | string): string {
  if (typeof bytes === 'string') return bytes;
  if (!(bytes instanceof Uint8Array)) bad('input is not text');
  if (bytes.length > MAX_XML_BYTES) bad('document too large');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return bad('not UTF-8');
  }
}

/** Parses a document and returns its root element. Only UTF-8 documents are accepted. */
export function parseXml(input: Uint8Array | string): XmlElement {
  const s = decodeText(input);
  if (s.length > MAX_XML_BYTES) bad('document too large');
  const c = new Cursor(s);
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let elements = 0;
  while (c.pos < s.length) {
    const lt = s.indexOf('<', c.pos);
    const text = s.slice(c.pos, lt < 0 ? s.length : lt);
    if (text.length > 0) {
      const top = stack[stack.length - 1];
      if (top !== undefined) top.text += decodeEntities(text);
      else if (text.trim() !== '') bad('text outside the root element');
    }
    if (lt < 0) break;
    c.pos = lt;
    if (s.startsWith('<?', lt)) {
      c.pos += 2;
      const pi = c.skipPast('?>');
      if (/^xml\s/.test(pi) && /encoding\s*=\s*["'](?!utf-?8["'])/i.test(pi)) bad('only UTF-8 documents are supported');
    } else if (s.startsWith('<!--', lt)) {
      c.skipPast('-->');
    } else if (s.startsWith('<![CDATA[', lt)) {
      c.pos += 9;
      const data = c.skipPast(']]>');
      const top = stack[stack.length - 1];
      if (top === undefined) bad('CDATA outside the root element');
      top.text += data;
    } else if (s.startsWith('<!', lt)) {
      bad('DOCTYPE and other declarations are not accepted');
    } else if (s.startsWith('</', lt)) {
      c.pos += 2;
      const name = c.name();
      c.space();
      if (s[c.pos] !== '>') bad('> expected');
      c.pos++;
      const top = stack.pop();
      if (top === undefined || top.name !== name) bad(`unexpected </${name}>`);
    } else {
      if (root !== undefined && stack.length === 0) bad('more than one root element');
      if (++elements > MAX_ELEMENTS) bad('too many elements');
      const tag = readStartTag(c);
      const el: XmlElement = { name: tag.name, local: localName(tag.name), attributes: tag.attributes, children: [], text: '' };
      const parent = stack[stack.length - 1];
      if (parent !== undefined) parent.children.push(el);
      else root = el;
      if (!tag.selfClosing) {
        if (stack.length >= MAX_DEPTH) bad('nested too deeply');
        stack.push(el);
      }
    }
  }
  if (stack.length > 0) bad(`<${stack[stack.length - 1]!.name}> is not closed`);
  if (root === undefined) bad('no root element');
  return root;
}

/** The first child with the given local name. */
export function childNamed(el: XmlElement | undefined, local: string): XmlElement | undefined {
  return el?.children.find((c) => c.local === local);
}

/** All children with the given local name. */
export function childrenNamed(el: XmlElement | undefined, local: string): XmlElement[] {
  return el === undefined ? [] : el.children.filter((c) => c.local === local);
}
