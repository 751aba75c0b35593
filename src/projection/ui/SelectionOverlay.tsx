import { useRef, useState, type PointerEvent } from 'react';

export type SelectMode = 'pan' | 'lasso' | 'box';

/**
 * Draws a lasso or a box over a plot and reports it as a screen-space polygon [x0, y0, …].
 * Shift adds to the current selection. Only present while a selection tool is active.
 */
export function SelectionOverlay({ mode, onSelect }: { mode: Exclude<SelectMode, 'pan'>; onSelect: (polygon: number[], additive: boolean) => void }) {
  // The path lives in a ref (events may outrun renders); the state copy only redraws the shape.
  const path = useRef<number[] | null>(null);
  const [points, setPoints] = useState<number[]>([]);
  const local = (e: PointerEvent<HTMLDivElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };
  const polygon = (pts: number[]) =>
    mode === 'box' && pts.length >= 4 ? [pts[0], pts[1], pts.at(-2)!, pts[1], pts.at(-2)!, pts.at(-1)!, pts[0], pts.at(-1)!] : pts;
  return (
    <div
      className="selection-overlay"
      data-testid={`${mode}-overlay`}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        path.current = local(e);
        setPoints(path.current);
      }}
      onPointerMove={(e) => {
        if (!path.current) return;
        path.current = [...path.current, ...local(e)];
        setPoints(path.current);
      }}
      onPointerUp={(e) => {
        if (!path.current) return;
        const done = [...path.current, ...local(e)];
        path.current = null;
        setPoints([]);
        onSelect(polygon(done), e.shiftKey);
      }}
    >
      {points.length >= 4 && (
        <svg width="100%" height="100%">
          <polygon points={polygon(points).join(' ')} className="selection-shape" />
        </svg>
      )}
    </div>
  );
}
