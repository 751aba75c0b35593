import { useEffect, useRef } from 'react';
import { saveBlob } from './saveFile';
import { svgBlob, svgToPng } from './imageExport';

/** Every Observable Plot chart's style on the app's dark panels. */
export const PLOT_STYLE = { background: 'transparent', color: '#e6ebf5', fontSize: '12px' };

/** The chart's main SVG (a figure with a legend holds several; the plot is the largest). */
function mainSvg(el: HTMLElement): SVGSVGElement | undefined {
  const area = (s: SVGSVGElement) => s.width.baseVal.value * s.height.baseVal.value;
  return [...el.querySelectorAll('svg')].sort((a, b) => area(b) - area(a))[0];
}

/** Mounts an Observable Plot figure (SVG) built by `render`, rebuilt when `deps` change. */
export function PlotFigure({
  render,
  deps,
  testId,
  fileName = 'chart',
}: {
  render: () => SVGSVGElement | HTMLElement;
  deps: unknown[];
  testId?: string;
  fileName?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const figure = render();
    el.replaceChildren(figure);
    return () => figure.remove();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  const save = (kind: 'svg' | 'png') => {
    const svg = ref.current && mainSvg(ref.current);
    if (!svg) return;
    if (kind === 'svg') saveBlob(svgBlob(svg), `${fileName}.svg`);
    else void svgToPng(svg).then((b) => saveBlob(b, `${fileName}.png`));
  };
  return (
    <div>
      <div className="plot-figure" ref={ref} data-testid={testId} />
      <div className="figure-tools">
        <button className="small-button" onClick={() => save('svg')} title="Save this chart as SVG (vector, for papers)">
          SVG
        </button>
        <button className="small-button" onClick={() => save('png')} title="Save this chart as PNG">
          PNG
        </button>
      </div>
    </div>
  );
}
