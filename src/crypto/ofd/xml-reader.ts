/**
 * The XML reader for the OFD files that signature verification reads (OFD.xml, Signatures.xml,
 * Signature.xml), on fast-xml-parser. Around it, what a verifier of untrusted packages needs:
 * UTF-8 only, no DOCTYPE at all (no entity expansion, no external entities), only the five
 * predefined entities and character references, and a plain tree whose names are matched by
 * local name, as OFD readers do. Every failure is `ERR_OFD_MALFORMED`.
 *
 * Budgets: the parser's cost grows with size, element count, nesting, tag length and entity
 * references, so one linear scan checks all of them before the parser sees the text, and a
 * document past any of them is refused with `ERR_OFD_TOO_LARGE`. References are decoded here in
 * one pass rather than by the parser, whose table-driven decoding costs a pass per known entity.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
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

/** What one document may hold; signature files are far smaller (a reference is some 150 bytes). */
export const XML_LIMITS = {
  bytes: 1 << 20,
  depth: 64,
  elements: 30_000,
  /** Characters of one start tag with its attributes. */
  tagLength: 8192,
  entityReferences: 50_000,
} as const;

function bad(message: string): never {
  throw new CryptoError('ERR_OFD_MALFORMED', `XML: ${message}`);
}

function tooLarge(message: string): never {
  throw new CryptoError('ERR_OFD_TOO_LARGE', `XML: ${message}`);
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function decodeText(input: Uint8Array | string): string {
  if (typeof input === 'string') return input;
  if (input.length > XML_LIMITS.bytes) tooLarge(`document larger than ${XML_LIMITS.bytes} bytes`);
  try {
    return utf8.decode(input);
  } catch {
    return bad('not UTF-8');
  }
}

/**
 * One pass over the text: elements, nesting, start-tag length and `&` count against the budget.
 * Comments, CDATA and processing instructions are skipped whole; the parser checks the syntax.
 */
function checkBudget(s: string): void {
  let elements = 0;
  let depth = 0;
  let refs = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x26 && ++refs > XML_LIMITS.entityReferences) tooLarge('too many entity references');
    if (c !== 0x3c) continue;
    const skip = s.startsWith('<!--', i) ? '-->' : s.startsWith('<![CDATA[', i) ? ']]>' : s.startsWith('<?', i) ? '?>' : undefined;
    if (skip !== undefined) {
      const end = s.indexOf(skip, i);
      if (end < 0) return; // unterminated: the validator says so
      i = end + skip.length - 1;
      continue;
    }
    const end = s.indexOf('>', i);
    if (end < 0) return;
    if (end - i > XML_LIMITS.tagLength) tooLarge('a tag is too long');
    if (s.charCodeAt(i + 1) === 0x2f) {
      depth--;
    } else {
      if (++elements > XML_LIMITS.elements) tooLarge('too many elements');
      if (s.charCodeAt(end - 1) !== 0x2f && ++depth > XML_LIMITS.depth) tooLarge('nested too deeply');
    }
    i = end;
  }
}

/** `&` must start one of the predefined entities or a character reference (outside CDATA). */
const STRAY_ENTITY = /&(?!(?:lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});)/;
const REFERENCE = /&(lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});/g;
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeReferences(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(REFERENCE, (_, name: string) => {
    if (name[0] !== '#') return PREDEFINED[name]!;
    const cp = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) bad('character reference outside Unicode');
    return String.fromCodePoint(cp);
  });
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // References are decoded in toTree; DOCTYPE, and with it any entity definition, is refused
  // before parsing, and the parser is told to expand nothing either.
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: '#comment',
  cdataPropName: '#cdata',
  maxNestedTags: XML_LIMITS.depth,
});

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

function textOf(node: Node): string | undefined {
  const t = node['#text'];
  return t === undefined ? undefined : String(t);
}

/**
 * Turns the parser's ordered nodes into elements, without recursion and within the caps. Each
 * list is walked in order, so children keep document order whatever order subtrees are visited in.
 */
function toTree(nodes: Node[]): XmlElement {
  const roots: XmlElement[] = [];
  const work: { nodes: Node[]; parent: XmlElement | undefined; depth: number }[] = [{ nodes, parent: undefined, depth: 0 }];
  let count = 0;
  while (work.length) {
    const { nodes: list, parent, depth } = work.pop()!;
    for (const node of list) {
      const text = textOf(node);
      if (text !== undefined) {
        if (parent) parent.text += decodeReferences(text);
        continue;
      }
      const cdata = node['#cdata'] as Node[] | undefined;
      if (cdata !== undefined) {
        if (parent) parent.text += cdata.map((t) => textOf(t) ?? '').join('');
        continue;
      }
      const name = Object.keys(node).find((k) => k !== ':@' && k !== '#comment');
      if (name === undefined) continue;
      if (++count > XML_LIMITS.elements) tooLarge('too many elements');
      if (depth >= XML_LIMITS.depth) tooLarge('nested too deeply');
      const attributes: Record<string, string> = {};
      for (const [k, v] of Object.entries(node[':@'] ?? {})) attributes[k] = decodeReferences(String(v));
      const el: XmlElement = { name, local: localName(name), attributes, children: [], text: '' };
      (parent ? parent.children : roots).push(el);
      work.push({ nodes: node[name] as Node[], parent: el, depth: depth + 1 });
    }
  }
  if (roots.length !== 1) bad(roots.length ? 'more than one root element' : 'no root element');
  return roots[0]!;
}

/** Parses a document and returns its root element. Only UTF-8 documents are accepted. */
export function parseXml(input: Uint8Array | string): XmlElement {
  const s = decodeText(input);
  if (s.length > XML_LIMITS.bytes) tooLarge(`document longer than ${XML_LIMITS.bytes} characters`);
  if (/<!(?!--|\[CDATA\[)/.test(s)) bad('DOCTYPE and other declarations are not accepted');
  checkBudget(s);
  const decl = /^\uFEFF?<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/.exec(s);
  if (decl && !/^utf-?8$/i.test(decl[1]!)) bad('only UTF-8 documents are supported');
  if (STRAY_ENTITY.test(s.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, ''))) bad('unknown entity');
  const valid = XMLValidator.validate(s, { allowBooleanAttributes: false });
  if (valid !== true) bad(valid.err.msg);
  let nodes: Node[];
  try {
    nodes = parser.parse(s) as Node[];
  } catch (e) {
    return bad(e instanceof Error ? e.message : 'cannot be parsed');
  }
  return toTree(nodes);
}

/** The first child with the given local name. */
export function childNamed(el: XmlElement | undefined, local: string): XmlElement | undefined {
  return el?.children.find((c) => c.local === local);
}

/** All children with the given local name. */
export function childrenNamed(el: XmlElement | undefined, local: string): XmlElement[] {
  return el === undefined ? [] : el.children.filter((c) => c.local === local);
}
