import { describe, expect, it } from 'vitest';
import { cameraOfView, fitView, roundCamera, viewOfCamera } from '../../src/projection/lib/camera';

describe('panel cameras', () => {
  it('a framed region survives view → camera → view, and the same camera frames it in any panel size', () => {
    const view = { target: [3.5, -2, 0] as [number, number, number], zoom: 4.25 };
    const camera = cameraOfView(view, 800, 500);
    const back = viewOfCamera(camera, 800, 500);
    expect(back.target).toEqual(view.target);
    expect(back.zoom).toBeCloseTo(view.zoom, 12);
    // In a narrower panel the whole region stays visible: its width now sets the scale.
    const narrow = cameraOfView(viewOfCamera(camera, 400, 500), 400, 500);
    expect(narrow[0]).toBeCloseTo(camera[0], 9);
    expect(narrow[2]).toBeCloseTo(camera[2], 9);
    expect(narrow[1]).toBeLessThanOrEqual(camera[1]);
    expect(narrow[3]).toBeGreaterThanOrEqual(camera[3]);
  });

  it('fitting shows every point with the margin asked for', () => {
    const coords = Float32Array.from([0, 0, 10, 2, 4, 5]);
    const view = fitView(coords, 600, 300, 0.8);
    expect(view.target).toEqual([5, 2.5, 0]);
    expect(2 ** view.zoom).toBeCloseTo(Math.min(600 / 10, 300 / 5) * 0.8, 9);
    const [x0, y0, x1, y1] = cameraOfView(view, 600, 300);
    expect(x0).toBeLessThan(0);
    expect(y0).toBeLessThan(0);
    expect(x1).toBeGreaterThan(10);
    expect(y1).toBeGreaterThan(5);
    expect(fitView(new Float32Array(0), 600, 300)).toEqual({ target: [0, 0, 0], zoom: 0 });
  });

  it('rounding for a link keeps 1/10,000 of the framed width', () => {
    expect(roundCamera([1.234567891, -0.000012345, 3.234567891, 2.5])).toEqual([1.2346, -0, 3.2346, 2.5]);
    const tiny = roundCamera([1e-7, 0, 3e-7, 1e-7]);
    expect(tiny[2] - tiny[0]).toBeCloseTo(2e-7, 11);
  });
});
