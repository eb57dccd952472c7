/**
 * Finding a page in the page tree (ISO 32000-1 §7.7.3) without visiting the others: /Count on
 * each node says which kid holds the page. Inherited attributes (MediaBox) are collected on
 * the way down.
 */
import type { PdfDocument } from './document.ts';
import { PdfError, malformedPdf } from './errors.ts';
import type { PdfObject, PdfRef } from './objects.ts';
import { isName, isNumber, isRef } from './objects.ts';

/** A page located in the tree. */
export interface PageLocation {
  readonly ref: PdfRef;
  /** [x1, y1, x2, y2] of the (possibly inherited) MediaBox, normalised so x1 ≤ x2, y1 ≤ y2. */
  readonly mediaBox: readonly [number, number, number, number];
  /** Number of pages in the document. */
  readonly pageCount: number;
}

const MAX_TREE_DEPTH = 64;

/** Locates 1-based page `pageNumber`. Throws ERR_PDF_PAGE_RANGE or ERR_PDF_MALFORMED. */
export function findPage(doc: PdfDocument, pageNumber: number): PageLocation {
  const rootRef = doc.catalog().entries.get('Pages');
  const root = doc.resolveDict(rootRef);
  if (!isRef(rootRef) || root === undefined) malformedPdf('catalog has no page tree');
  const total = root.entries.get('Count');
  if (!isNumber(total) || !Number.isInteger(total) || total < 0) malformedPdf('page tree has no valid /Count');
  if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > total) {
    throw new PdfError('ERR_PDF_PAGE_RANGE', `page ${String(pageNumber)} is outside 1..${total}`);
  }
  let node: PdfRef = rootRef;
  let index = pageNumber - 1;
  let mediaBox: PdfObject | undefined;
  const seen = new Set<number>();
  for (let depth = 0; depth <= MAX_TREE_DEPTH; depth++) {
    if (seen.has(node.num)) malformedPdf('page tree has a cycle');
    seen.add(node.num);
    const d = doc.resolveDict(node);
    if (d === undefined) malformedPdf(`page tree node ${node.num} is not a dictionary`);
    mediaBox = d.entries.get('MediaBox') ?? mediaBox;
    const kids = doc.resolve(d.entries.get('Kids'));
    if (!isName(d.entries.get('Type'), 'Pages') && !Array.isArray(kids)) {
      if (index !== 0) malformedPdf('page tree /Count does not match its kids');
      return { ref: node, mediaBox: normaliseBox(doc.resolve(mediaBox)), pageCount: total };
    }
    if (!Array.isArray(kids)) malformedPdf('page tree node without /Kids');
    let next: PdfRef | undefined;
    for (const kid of kids) {
      if (!isRef(kid)) malformedPdf('page tree kid is not a reference');
      const k = doc.resolveDict(kid);
      if (k === undefined) malformedPdf('page tree kid is not a dictionary');
      const isLeaf = !isName(k.entries.get('Type'), 'Pages');
      const c = isLeaf ? 1 : k.entries.get('Count');
      if (!isNumber(c) || !Number.isInteger(c) || c < 0) malformedPdf('page tree node without valid /Count');
      if (index < c) {
        next = kid;
        break;
      }
      index -= c;
    }
    if (next === undefined) malformedPdf('page tree /Count does not match its kids');
    node = next;
  }
  return malformedPdf('page tree too deep');
}

function normaliseBox(o: PdfObject | undefined): [number, number, number, number] {
  if (!Array.isArray(o) || o.length !== 4 || !o.every((v) => isNumber(v) && Number.isFinite(v))) {
    return malformedPdf('page has no valid /MediaBox');
  }
  const [a, b, c, d] = o as [number, number, number, number];
  return [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
}

/**
 * Every page in document order, walking the tree once: a per-page {@link findPage} would scan
 * a flat tree's /Kids again for each page. Throws ERR_PDF_MALFORMED.
 */
export function listPages(doc: PdfDocument): PageLocation[] {
  const rootRef = doc.catalog().entries.get('Pages');
  const root = doc.resolveDict(rootRef);
  if (!isRef(rootRef) || root === undefined) malformedPdf('catalog has no page tree');
  const total = root.entries.get('Count');
  if (!isNumber(total) || !Number.isInteger(total) || total < 0) malformedPdf('page tree has no valid /Count');
  const pages: PageLocation[] = [];
  const seen = new Set<number>();
  const walk = (node: PdfRef, inherited: PdfObject | undefined, depth: number): void => {
    if (depth > MAX_TREE_DEPTH) malformedPdf('page tree too deep');
    if (seen.has(node.num)) malformedPdf('page tree has a cycle');
    seen.add(node.num);
    const d = doc.resolveDict(node);
    if (d === undefined) malformedPdf(`page tree node ${node.num} is not a dictionary`);
    const mediaBox = d.entries.get('MediaBox') ?? inherited;
    const kids = doc.resolve(d.entries.get('Kids'));
    if (!isName(d.entries.get('Type'), 'Pages') && !Array.isArray(kids)) {
      if (pages.length >= total) malformedPdf('page tree /Count does not match its kids');
      pages.push({ ref: node, mediaBox: normaliseBox(doc.resolve(mediaBox)), pageCount: total });
      return;
    }
    if (!Array.isArray(kids)) malformedPdf('page tree node without /Kids');
    for (const kid of kids) {
      if (!isRef(kid)) malformedPdf('page tree kid is not a reference');
      walk(kid, mediaBox, depth + 1);
    }
  };
  walk(rootRef, undefined, 0);
  if (pages.length !== total) malformedPdf('page tree /Count does not match its kids');
  return pages;
}
