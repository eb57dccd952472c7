// A minimal OFD page viewer for the browser tests (plain browser script, loaded into the page):
// draws one Content.xml's path and text objects as SVG with the given fonts (base64 TrueType,
// loaded through FontFace, so the browser's font sanitiser checks them), rasterises the SVG and
// reads the QR code with jsQR (loaded beforehand as window.jsQR).
window.drawOfdPage = async function drawOfdPage(arg) {
  const faces = await Promise.all(arg.fonts.map(async (b64, i) => {
    const face = new FontFace(`ofd${i}`, Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
    await face.load();
    document.fonts.add(face);
    return face;
  }));
  const doc = new DOMParser().parseFromString(arg.content, 'application/xml');
  const NS = 'http://www.ofdspec.org/2016';
  const SVG = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', String(arg.width * arg.scale));
  svg.setAttribute('height', String(arg.height * arg.scale));
  svg.setAttribute('viewBox', `0 0 ${arg.width} ${arg.height}`);
  svg.style.background = '#fff';
  const colour = (el, fallback) => (el === null ? fallback : `rgb(${el.getAttribute('Value').trim().split(/\s+/).join(',')})`);
  const texts = [];
  for (const o of Array.from(doc.getElementsByTagNameNS(NS, '*'))) {
    const box = (o.getAttribute('Boundary') ?? '0 0 0 0').split(/\s+/).map(Number);
    if (o.localName === 'PathObject') {
      const data = o.getElementsByTagNameNS(NS, 'AbbreviatedData')[0].textContent.trim().split(/\s+/);
      let d = '';
      for (let i = 0; i < data.length;) {
        const op = data[i++];
        if (op === 'C') d += 'Z';
        else d += `${op}${Number(data[i++]) + box[0]} ${Number(data[i++]) + box[1]}`;
      }
      const p = document.createElementNS(SVG, 'path');
      p.setAttribute('d', d);
      p.setAttribute('fill', o.getAttribute('Fill') === 'true' ? colour(o.getElementsByTagNameNS(NS, 'FillColor')[0] ?? null, '#000') : 'none');
      if (o.getAttribute('Stroke') === 'true') {
        p.setAttribute('stroke', colour(o.getElementsByTagNameNS(NS, 'StrokeColor')[0] ?? null, '#000'));
        p.setAttribute('stroke-width', o.getAttribute('LineWidth') ?? '0.353');
      }
      svg.appendChild(p);
    } else if (o.localName === 'TextObject') {
      const code = o.getElementsByTagNameNS(NS, 'TextCode')[0];
      const chars = Array.from(code.textContent ?? '');
      const deltas = (code.getAttribute('DeltaX') ?? '').split(/\s+/).filter((s) => s !== '').map(Number);
      let x = box[0] + Number(code.getAttribute('X'));
      const xs = chars.map((_, i) => (i === 0 ? x : (x += deltas[i - 1] ?? 0)));
      const t = document.createElementNS(SVG, 'text');
      t.setAttribute('x', xs.join(' '));
      t.setAttribute('y', String(box[1] + Number(code.getAttribute('Y'))));
      t.setAttribute('font-size', o.getAttribute('Size'));
      // Font IDs are given in PublicRes order; the licence uses the regular and the bold subset.
      t.setAttribute('font-family', `ofd${o.getAttribute('Font') === '1' ? 0 : 1}`);
      t.setAttribute('fill', colour(o.getElementsByTagNameNS(NS, 'FillColor')[0] ?? null, '#000'));
      t.textContent = chars.join('');
      texts.push(t.textContent);
      svg.appendChild(t);
    }
  }
  document.body.appendChild(svg);
  await document.fonts.ready;
  // Rasterise the SVG and read the QR code from its pixels.
  const img = new Image();
  img.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(new XMLSerializer().serializeToString(svg))))}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = arg.width * arg.scale;
  canvas.height = arg.height * arg.scale;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const found = window.jsQR(pixels.data, canvas.width, canvas.height);
  return { fontsLoaded: faces.length, qr: found?.data ?? null, texts };
};
