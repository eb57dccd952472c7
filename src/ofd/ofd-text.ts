/**
 * The text of an OFD page as placed on it, for finding a keyword and for the stamping page's
 * preview.
 *
 * Positions (GB/T 33190 §8.3.1, §11): a TextObject places its glyphs in its own coordinate
 * space. Each TextCode's X and Y give its first character's origin on the baseline, DeltaX the
 * advance from each character to the next (`g n d` repeats d n times) and DeltaY the same
 * downwards (vertical text). A character without an advance takes the font size, as readers
 * do; a TextCode without X or Y goes on from where the previous one ended. A point p of the
 * object's space is at p·CTM plus the Boundary's origin on the page (no CTM: the identity), so
 * Size and the deltas are in the object's own units: points, say, with CTM="0.3528 0 0 0.3528 0 0".
 *
 * Producers cut a line into runs freely: several TextCodes in one TextObject, or one TextObject
 * per word or per character. A keyword is looked for in lines joined back from consecutive runs
 * that carry on one another (see `carriesOn`), white space ignored on both sides as for PDF
 * pages, since spaces are as often gaps as characters.
 */
import { CryptoError } from '../crypto/errors.ts';
import { childrenNamed } from '../crypto/ofd/xml-reader.ts';
import type { XmlElement } from '../crypto/ofd/xml-reader.ts';

/** A run of text (one TextCode) on the page, in mm from the page's top-left, y downwards. */
export interface OfdTextRun {
  readonly text: string;
  /** Each character's origin on its baseline. */
  readonly xs: readonly number[];
  readonly ys: readonly number[];
  /** Each character's advance along `dir`. */
  readonly advances: readonly number[];
  /** Unit vector of the writing direction on the page: [1, 0] unless a CTM turns the text. */
  readonly dir: readonly [number, number];
  /** The font size on the page. */
  readonly size: number;
}

type Matrix = readonly [number, number, number, number, number, number];

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

function bad(message: string): never {
  throw new CryptoError('ERR_OFD_MALFORMED', `OFD: ${message}`);
}

/** The numbers of a space-separated attribute, what does not read as a number left out. */
export function numbers(s: string | undefined): number[] {
  if (s === undefined) return [];
  return s.trim().split(/\s+/).filter((t) => t !== '').map(Number).filter(Number.isFinite);
}

/** DeltaX / DeltaY values with the `g n d` repetition expanded (at most `max` of them). */
export function deltas(s: string | undefined, max: number, name = 'DeltaX'): number[] {
  const t = (s ?? '').trim().split(/\s+/).filter((x) => x !== '');
  const out: number[] = [];
  for (let i = 0; i < t.length && out.length < max; i++) {
    if (t[i] === 'g') {
      const n = Number(t[i + 1]);
      const d = Number(t[i + 2]);
      i += 2;
      if (!Number.isInteger(n) || n < 0 || !Number.isFinite(d)) bad(`bad ${name} ${JSON.stringify(s)}`);
      for (let k = 0; k < n && out.length < max; k++) out.push(d);
    } else {
      const d = Number(t[i]);
      if (!Number.isFinite(d)) bad(`bad ${name} ${JSON.stringify(s)}`);
      out.push(d);
    }
  }
  return out;
}

/** One TextObject's runs, one per TextCode; none when its CTM flattens it to nothing. */
function objectRuns(o: XmlElement): OfdTextRun[] {
  const b = numbers(o.attributes.Boundary);
  const [bx, by] = b.length === 4 ? [b[0]!, b[1]!] : [0, 0];
  const m = numbers(o.attributes.CTM);
  const [a, mb, c, d, e, f] = m.length === 6 ? (m as unknown as Matrix) : IDENTITY;
  const scale = Math.sqrt(Math.abs(a * d - mb * c));
  const xScale = Math.hypot(a, mb);
  if (!(scale > 0) || !(xScale > 0)) return [];
  const dir: [number, number] = [a / xScale, mb / xScale];
  const size = Number(o.attributes.Size) > 0 ? Number(o.attributes.Size) : 3.5;
  let x = 0;
  let y = 0;
  return childrenNamed(o, 'TextCode').map((tc) => {
    if (tc.attributes.X !== undefined) x = Number(tc.attributes.X) || 0;
    if (tc.attributes.Y !== undefined) y = Number(tc.attributes.Y) || 0;
    const chars = [...tc.text];
    const dx = deltas(tc.attributes.DeltaX, chars.length);
    const dy = deltas(tc.attributes.DeltaY, chars.length, 'DeltaY');
    const vertical = dx.length === 0 && dy.length > 0;
    const xs: number[] = [];
    const ys: number[] = [];
    const advances: number[] = [];
    for (let i = 0; i < chars.length; i++) {
      xs.push(a * x + c * y + e + bx);
      ys.push(mb * x + d * y + f + by);
      // Vertical text (DeltaY without DeltaX) moves down, not along: no advance is guessed there.
      const step = dx[i] ?? (vertical ? 0 : size);
      advances.push(step * xScale);
      x += step;
      y += dy[i] ?? 0;
    }
    return { text: chars.join(''), xs, ys, advances, dir, size: size * scale };
  });
}

/** Every text run under `root` (a page's Content.xml), in content order: layers and blocks in turn. */
export function textRuns(root: XmlElement): OfdTextRun[] {
  const runs: OfdTextRun[] = [];
  const walk = (e: XmlElement): void => {
    for (const c of e.children) {
      if (c.local === 'TextObject') runs.push(...objectRuns(c));
      else walk(c);
    }
  };
  walk(root);
  return runs;
}

/**
 * Whether `next` carries on the line that `prev` ends: written in the same direction, its
 * baseline no further from `prev`'s than a quarter of the (larger) size, and starting near
 * where `prev` ends.
 * Lines are at least a size apart, and sub- or superscripts sit about a third of it off, so a
 * quarter keeps to one line. "Near" is from 0.75 of the size before the assumed end (the last
 * character of a run has no DeltaX and is taken a size wide, while a Latin letter or digit is
 * about half that) to one size after it (a word space, or spaced-out CJK such as 盖 章 处),
 * which still keeps apart the columns of a table or a form, set wider apart.
 */
function carriesOn(prev: OfdTextRun, next: OfdTextRun): boolean {
  const [ux, uy] = prev.dir;
  if (ux * next.dir[0] + uy * next.dir[1] < 0.99) return false;
  const n = prev.xs.length - 1;
  const gx = next.xs[0]! - (prev.xs[n]! + prev.advances[n]! * ux);
  const gy = next.ys[0]! - (prev.ys[n]! + prev.advances[n]! * uy);
  const along = gx * ux + gy * uy;
  const across = gy * ux - gx * uy;
  const size = Math.max(prev.size, next.size);
  return Math.abs(across) <= size * 0.25 && along >= -size * 0.75 && along <= size;
}

/** A character of a joined line: its run and its index in the run. */
interface At {
  run: OfdTextRun;
  i: number;
}

/** The centre of the characters `first` to `last`, raised from the baseline to mid-glyph. */
function centreOf(first: At, last: At): { x: number; y: number } {
  const { run: r, i } = first;
  const { run: s, i: j } = last;
  const mx = (r.xs[i]! + s.xs[j]! + s.advances[j]! * s.dir[0]) / 2;
  const my = (r.ys[i]! + s.ys[j]! + s.advances[j]! * s.dir[1]) / 2;
  // CJK glyphs stand about 0.88 of the size above the baseline and 0.12 below it; "up" is the
  // writing direction turned a quarter anticlockwise on the page (y downwards).
  const rise = r.size * 0.38;
  return { x: mx + r.dir[1] * rise, y: my - r.dir[0] * rise };
}

/**
 * The centre (mm from the page's top-left) of the first place where the runs show `keyword`,
 * white space ignored; undefined when they do not. One pass over the runs: each line is
 * searched once when it ends.
 */
export function locateKeyword(runs: readonly OfdTextRun[], keyword: string): { x: number; y: number } | undefined {
  const needle = keyword.replace(/\s+/gu, '');
  if (needle === '') return undefined;
  let text = '';
  let owners: At[] = [];
  const search = () => {
    const at = text.indexOf(needle);
    return at < 0 ? undefined : centreOf(owners[at]!, owners[at + needle.length - 1]!);
  };
  let prev: OfdTextRun | undefined;
  for (const run of runs) {
    if (run.xs.length === 0) continue;
    if (prev !== undefined && !carriesOn(prev, run)) {
      const found = search();
      if (found !== undefined) return found;
      text = '';
      owners = [];
    }
    let i = 0;
    for (const ch of run.text) {
      if (!/\s/u.test(ch)) {
        text += ch;
        // One owner per UTF-16 unit, as indexOf counts.
        for (let k = 0; k < ch.length; k++) owners.push({ run, i });
      }
      i++;
    }
    prev = run;
  }
  return search();
}
