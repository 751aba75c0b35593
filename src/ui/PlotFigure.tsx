import { useEffect, useRef } from 'react';

/** Mounts an Observable Plot figure (SVG) built by `render`, rebuilt when `deps` change. */
export function PlotFigure({ render, deps, testId }: { render: () => SVGSVGElement | HTMLElement; deps: unknown[]; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const figure = render();
    el.replaceChildren(figure);
    return () => figure.remove();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return <div className="plot-figure" ref={ref} data-testid={testId} />;
}
