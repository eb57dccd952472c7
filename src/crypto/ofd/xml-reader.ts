/**
 * The XML reader for the OFD files that signature verification reads (OFD.xml, Signatures.xml,
 * Signature.xml), on fast-xml-parser. Around it, what a verifier of untrusted packages needs:
 * UTF-8 only, a size cap, no DOCTYPE at all (no entity expansion, no external entities), only the
 * five predefined entities and character references, a depth and element cap, and a plain tree
 * whose names are matched by local name, as OFD readers do. Every failure is `ERR_OFD_MALFORMED`.
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

const MAX_XML_BYTES = 16 << 20;
const MAX_DEPTH = 64;
const MAX_ELEMENTS = 200_000;

function bad(message: string): never {
  throw new CryptoError('ERR_OFD_MALFORMED', `XML: ${message}`);
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function decodeText(input: Uint8Array | string): string {
  if (typeof input === 'string') return input;
  if (input.length > MAX_XML_BYTES) bad('document too large');
  try {
    return utf8.decode(input);
  } catch {
    return bad('not UTF-8');
  }
}

/** `&` must start one of the predefined entities or a character reference (outside CDATA). */
const STRAY_ENTITY = /&(?!(?:lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});)/;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true, // decodes character references; DOCTYPE entities are refused before parsing
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: '#comment',
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
        if (parent) parent.text += text;
        continue;
      }
      const name = Object.keys(node).find((k) => k !== ':@' && k !== '#comment');
      if (name === undefined) continue;
      if (++count > MAX_ELEMENTS) bad('too many elements');
      if (depth >= MAX_DEPTH) bad('nested too deeply');
      const el: XmlElement = { name, local: localName(name), attributes: { ...(node[':@'] ?? {}) }, children: [], text: '' };
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
  if (s.length > MAX_XML_BYTES) bad('document too large');
  if (/<!(?!--|\[CDATA\[)/.test(s)) bad('DOCTYPE and other declarations are not accepted');
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
