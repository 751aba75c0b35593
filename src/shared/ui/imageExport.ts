/**
 * Figures as files: a scatter panel as PNG (the WebGL canvas with its title and legend drawn
 * around it, since those are HTML), and a chart as SVG or PNG.
 */
import type { LegendSpec } from '../../state/pointColours';

const BACKGROUND = '#0f1522';
const TEXT = '#e6e9ef';
const MUTED = '#98a2b3';
const SCALE = 2;

function canvasToBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('could not encode the PNG'))), 'image/png'));
}

/** `scatter` must hold a freshly drawn frame (deck.redraw(...) just before). */
export function panelPng(scatter: HTMLCanvasElement, title: string, subtitle: string, legend: LegendSpec): Promise<Blob> {
  const legendWidth = 220;
  const head = 44;
  const out = document.createElement('canvas');
  out.width = scatter.width + legendWidth * SCALE;
  out.height = scatter.height + head * SCALE;
  const g = out.getContext('2d')!;
  g.fillStyle = BACKGROUND;
  g.fillRect(0, 0, out.width, out.height);
  g.drawImage(scatter, 0, head * SCALE);
  g.scale(SCALE, SCALE);
  g.fillStyle = TEXT;
  g.font = '600 15px system-ui, sans-serif';
  g.fillText(title, 12, 20);
  g.fillStyle = MUTED;
  g.font = '12px system-ui, sans-serif';
  g.fillText(subtitle, 12, 37);
  const x = scatter.width / SCALE + 14;
  g.fillStyle = TEXT;
  g.font = '600 12px system-ui, sans-serif';
  g.fillText(legend.label, x, head + 16);
  g.font = '12px system-ui, sans-serif';
  if (legend.kind === 'categorical') {
    legend.names.forEach((name, i) => {
      const y = head + 36 + i * 18;
      g.fillStyle = `rgb(${legend.colours[i].join(',')})`;
      g.beginPath();
      g.arc(x + 5, y - 4, 5, 0, 2 * Math.PI);
      g.fill();
      g.fillStyle = TEXT;
      g.fillText(`${name} (${legend.counts[i]})`, x + 16, y);
    });
  } else {
    g.fillStyle = TEXT;
    g.fillText(`${legend.min.toPrecision(4)} … ${legend.max.toPrecision(4)}`, x, head + 36);
  }
  return canvasToBlob(out);
}

export function svgBlob(svg: SVGSVGElement): Blob {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return new Blob([new XMLSerializer().serializeToString(copy)], { type: 'image/svg+xml' });
}

export async function svgToPng(svg: SVGSVGElement): Promise<Blob> {
  const { width, height } = svg.getBoundingClientRect();
  const url = URL.createObjectURL(svgBlob(svg));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * SCALE);
    canvas.height = Math.ceil(height * SCALE);
    const g = canvas.getContext('2d')!;
    g.fillStyle = BACKGROUND;
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await canvasToBlob(canvas);
  } finally {
    URL.revokeObjectURL(url);
  }
}
