/** Turns seal artwork (SVG) into a print-resolution PNG with an embedded font. */
export interface SealImageRenderer {
  /** The font family name the SVG must use for its text. */
  readonly fontFamily: string;
  /**
   * A PNG (8-bit RGBA, transparent where there is no ink) `widthPx` pixels wide, the height
   * following the SVG's aspect ratio. Rejects for an SVG it cannot read.
   */
  renderPng(svg: string, widthPx: number): Promise<Uint8Array>;
}
