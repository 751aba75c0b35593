import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { clampDrawerWidth, DRAWER_KEY_STEP } from '../lib/drawerWidth';

/**
 * A panel docked to the right of the workspace, beside the plots rather than over them: the
 * layout gives it a column of its own, so the plots reflow into the space left. Its left edge is
 * a separator that drags (mouse, touch) or steps with the arrow keys; the width is remembered in
 * this browser. Opening it moves the keyboard focus into it (so Tab continues there and a screen
 * reader announces it); closing it gives the focus back to where it was.
 */
export function SideDrawer({ label, storageKey, children, testId }: { label: string; storageKey: string; children: ReactNode; testId?: string }) {
  const ref = useRef<HTMLElement>(null);
  const [width, setWidth] = useState(() => clampDrawerWidth(Number(localStorage.getItem(storageKey)) || NaN, window.innerWidth));
  const resize = (next: number) => {
    const w = clampDrawerWidth(next, window.innerWidth);
    setWidth(w);
    localStorage.setItem(storageKey, String(Math.round(w)));
  };

  useEffect(() => {
    const previous = document.activeElement;
    ref.current?.focus({ preventScroll: true });
    return () => {
      // Only when the focus was still in the drawer (or nowhere): a user who moved on keeps their place.
      const active = document.activeElement;
      if ((active === null || active === document.body) && previous instanceof HTMLElement && previous.isConnected) previous.focus({ preventScroll: true });
    };
  }, []);

  const drag = useRef<{ x: number; width: number } | null>(null);
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, width };
  };
  // Dragging the left edge to the left widens the drawer.
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => drag.current && resize(drag.current.width + drag.current.x - e.clientX);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 4 * DRAWER_KEY_STEP : DRAWER_KEY_STEP;
    const next = { ArrowLeft: width + step, ArrowRight: width - step, Home: Infinity, End: 0 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    resize(next);
  };
  const bounds = { min: clampDrawerWidth(0, window.innerWidth), max: clampDrawerWidth(Infinity, window.innerWidth) };

  return (
    <aside ref={ref} className="side-drawer" style={{ width }} tabIndex={-1} aria-label={label} data-testid={testId}>
      <div
        className="drawer-resizer"
        role="separator"
        aria-orientation="vertical"
        aria-label={`Resize: ${label}`}
        aria-valuemin={Math.round(bounds.min)}
        aria-valuemax={Math.round(bounds.max)}
        aria-valuenow={Math.round(width)}
        title="Drag, or focus and use ←/→ (Shift: faster), to resize"
        tabIndex={0}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={() => (drag.current = null)}
        onKeyDown={onKeyDown}
      />
      <div className="drawer-body">{children}</div>
    </aside>
  );
}
