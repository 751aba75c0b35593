/**
 * The demo sky: seeded, procedural cutouts of radio galaxies (FR-I, FR-II, compact, bent-tail)
 * and optical galaxies (elliptical, face-on spiral, edge-on disk, merger), with a PSF-like blur
 * and noise. They are written as FITS files so they take exactly the path real files take
 * (FITS reader → stretch → pipeline). Every file says it is synthetic in its header.
 */
import { image, makeFits } from './fitsWrite';
import { seededRandom } from '../../shared/lib/random';

export const DEMO_FOLDER = 'demo-sky';
export const isDemoPath = (path: string) => path.startsWith(`${DEMO_FOLDER}/`);
const SIZE = 64;

type Rng = () => number;
type Painter = (img: Float32Array, rng: Rng) => void;

interface DemoClass {
  label: string;
  band: 'radio' | 'optical';
  paint: Painter;
}

const uniform = (rng: Rng, lo: number, hi: number) => lo + (hi - lo) * rng();
function gaussianNoise(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** Adds an elliptical Gaussian of peak `amp`, widths sx, sy (px), rotated by `angle`. */
function blob(img: Float32Array, x0: number, y0: number, sx: number, sy: number, angle: number, amp: number): void {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const reach = 3.5 * Math.max(sx, sy);
  for (let y = Math.max(0, Math.floor(y0 - reach)); y <= Math.min(SIZE - 1, Math.ceil(y0 + reach)); y++) {
    for (let x = Math.max(0, Math.floor(x0 - reach)); x <= Math.min(SIZE - 1, Math.ceil(x0 + reach)); x++) {
      const u = ((x - x0) * c + (y - y0) * s) / sx;
      const v = (-(x - x0) * s + (y - y0) * c) / sy;
      img[y * SIZE + x] += amp * Math.exp(-0.5 * (u * u + v * v));
    }
  }
}

/** Adds a smooth profile f(r) over elliptical radius r (axis ratio q, position angle `angle`). */
function profile(img: Float32Array, x0: number, y0: number, q: number, angle: number, f: (r: number, phi: number) => number): void {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const u = (x - x0) * c + (y - y0) * s;
      const v = (-(x - x0) * s + (y - y0) * c) / q;
      img[y * SIZE + x] += f(Math.hypot(u, v), Math.atan2(v, u));
    }
  }
}

/** A Sérsic profile with peak `amp`, softened inside a 1 px core so that the centre is not a spike. */
const sersic = (re: number, n: number, amp: number) => {
  const b = 2 * n - 1 / 3;
  const at = (r: number) => Math.pow(Math.hypot(r, 1) / re, 1 / n);
  return (r: number) => amp * Math.exp(-b * (at(r) - at(0)));
};

/** A jet or tail: blobs along a path p(t), t ∈ [0, 1], with brightness and width as functions of t. */
function along(img: Float32Array, path: (t: number) => [number, number], brightness: (t: number) => number, width: (t: number) => number): void {
  for (let i = 0; i <= 40; i++) {
    const t = i / 40;
    const [x, y] = path(t);
    blob(img, x, y, width(t), width(t), 0, brightness(t));
  }
}

const C = SIZE / 2;
const direction = (a: number) => [Math.cos(a), Math.sin(a)] as const;

const CLASSES: DemoClass[] = [
  {
    label: 'FR-I (radio)',
    band: 'radio',
    paint: (img, rng) => {
      const a = uniform(rng, 0, Math.PI);
      const [dx, dy] = direction(a);
      const length = uniform(rng, 14, 24);
      const bend = uniform(rng, -4, 4);
      blob(img, C, C, 1.3, 1.3, 0, 1);
      for (const side of [1, -1]) {
        // Edge-darkened: brightest near the core, fading and widening outwards.
        along(
          img,
          (t) => [C + side * dx * length * t - dy * bend * t * t, C + side * dy * length * t + dx * bend * t * t],
          (t) => 0.45 * Math.pow(1 - t, 1.5),
          (t) => 1 + 2.5 * t,
        );
      }
    },
  },
  {
    label: 'FR-II (radio)',
    band: 'radio',
    paint: (img, rng) => {
      const a = uniform(rng, 0, Math.PI);
      const [dx, dy] = direction(a);
      const length = uniform(rng, 16, 26);
      blob(img, C, C, 1.2, 1.2, 0, uniform(rng, 0.1, 0.3));
      for (const side of [1, -1]) {
        const ex = C + side * dx * length;
        const ey = C + side * dy * length;
        // Edge-brightened: a diffuse lobe with a compact hotspot at its outer end.
        blob(img, ex - side * dx * 3, ey - side * dy * 3, 4.5, 3, a, uniform(rng, 0.25, 0.4));
        blob(img, ex, ey, 1.2, 1.2, 0, uniform(rng, 0.7, 1));
      }
    },
  },
  {
    label: 'compact (radio)',
    band: 'radio',
    paint: (img, rng) => {
      blob(img, C + uniform(rng, -2, 2), C + uniform(rng, -2, 2), uniform(rng, 1, 1.8), uniform(rng, 1, 1.8), uniform(rng, 0, Math.PI), 1);
    },
  },
  {
    label: 'bent-tail (radio)',
    band: 'radio',
    paint: (img, rng) => {
      const a = uniform(rng, 0, 2 * Math.PI); // the direction the tails are swept towards
      const [vx, vy] = direction(a);
      const [ux, uy] = [-vy, vx];
      const spread = uniform(rng, 6, 10);
      const sweep = uniform(rng, 14, 22);
      blob(img, C, C, 1.3, 1.3, 0, 1);
      for (const side of [1, -1]) {
        along(
          img,
          (t) => [C + side * ux * spread * Math.sqrt(t) + vx * sweep * t * t, C + side * uy * spread * Math.sqrt(t) + vy * sweep * t * t],
          (t) => 0.4 * (1 - 0.7 * t),
          (t) => 1.2 + 1.5 * t,
        );
      }
    },
  },
  {
    label: 'elliptical (optical)',
    band: 'optical',
    paint: (img, rng) => {
      profile(img, C, C, uniform(rng, 0.6, 1), uniform(rng, 0, Math.PI), sersic(uniform(rng, 5, 9), uniform(rng, 2.5, 4), 1));
    },
  },
  {
    label: 'spiral (optical)',
    band: 'optical',
    paint: (img, rng) => {
      const h = uniform(rng, 5, 8);
      const pitch = uniform(rng, 0.25, 0.45);
      const turn = uniform(rng, 0, 2 * Math.PI);
      const sense = rng() < 0.5 ? 1 : -1;
      profile(
        img,
        C,
        C,
        uniform(rng, 0.75, 1),
        uniform(rng, 0, Math.PI),
        (r, phi) => 0.5 * Math.exp(-r / h) * (1 + 0.8 * Math.cos(2 * (phi - (sense * Math.log(r + 1)) / Math.tan(pitch) - turn))),
      );
      profile(img, C, C, 0.9, 0, sersic(1.8, 2, 0.6));
    },
  },
  {
    label: 'edge-on (optical)',
    band: 'optical',
    paint: (img, rng) => {
      const a = uniform(rng, 0, Math.PI);
      const q = uniform(rng, 0.1, 0.2);
      const h = uniform(rng, 7, 11);
      const lane = uniform(rng, 0.4, 0.7);
      profile(img, C, C, q, a, (r) => 0.6 * Math.exp(-r / h));
      // A dust lane along the mid-plane dims the disk.
      const [dx, dy] = direction(a);
      for (let y = 0; y < SIZE; y++) {
        for (let x = 0; x < SIZE; x++) {
          const offPlane = -(x - C) * dy + (y - C) * dx;
          img[y * SIZE + x] *= 1 - lane * Math.exp(-0.5 * (offPlane / 0.8) ** 2);
        }
      }
      profile(img, C, C, 0.7, a, sersic(1.5, 2, 0.4));
    },
  },
  {
    label: 'merger (optical)',
    band: 'optical',
    paint: (img, rng) => {
      const a = uniform(rng, 0, 2 * Math.PI);
      const sep = uniform(rng, 5, 9);
      const [dx, dy] = direction(a);
      for (const side of [1, -1]) {
        const x = C + side * dx * sep;
        const y = C + side * dy * sep;
        profile(img, x, y, uniform(rng, 0.6, 1), uniform(rng, 0, Math.PI), sersic(uniform(rng, 2, 4), 2, uniform(rng, 0.6, 1)));
        // A curved tidal tail leaving each nucleus.
        along(
          img,
          (t) => [x + side * (dx * 14 * t - dy * 10 * t * t), y + side * (dy * 14 * t + dx * 10 * t * t)],
          (t) => 0.12 * (1 - 0.6 * t),
          () => 2.2,
        );
      }
    },
  },
];

/** Separable Gaussian blur (the PSF, or the beam). */
function blur(img: Float32Array, sigma: number): Float32Array {
  const r = Math.ceil(3 * sigma);
  const k = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-0.5 * ((i - r) / sigma) ** 2));
  const norm = k.reduce((a, b) => a + b, 0);
  const pass = (src: Float32Array, horizontal: boolean) => {
    const out = new Float32Array(src.length);
    for (let y = 0; y < SIZE; y++)
      for (let x = 0; x < SIZE; x++) {
        let s = 0;
        for (let i = -r; i <= r; i++) {
          const xx = horizontal ? Math.min(SIZE - 1, Math.max(0, x + i)) : x;
          const yy = horizontal ? y : Math.min(SIZE - 1, Math.max(0, y + i));
          s += src[yy * SIZE + xx] * k[i + r];
        }
        out[y * SIZE + x] = s / norm;
      }
    return out;
  };
  return pass(pass(img, true), false);
}

export interface DemoFile {
  /** Folder-relative path; the folder is the class label, as for dropped folders. */
  path: string;
  bytes: Uint8Array;
}

export const DEMO_CLASSES = CLASSES.map((c) => c.label);

/** `perClass` cutouts of each class, the same for the same seed. */
export function makeDemoSky(perClass = 24, seed = 2409_11175): DemoFile[] {
  const rng = seededRandom(seed);
  const files: DemoFile[] = [];
  for (const cls of CLASSES) {
    for (let i = 0; i < perClass; i++) {
      let img: Float32Array<ArrayBufferLike> = new Float32Array(SIZE * SIZE);
      cls.paint(img, rng);
      img = blur(img, cls.band === 'radio' ? 1.2 : 1);
      const noise = cls.band === 'radio' ? 0.015 : 0.006;
      for (let j = 0; j < img.length; j++) img[j] += noise * gaussianNoise(rng) + (cls.band === 'optical' ? 0.01 : 0);
      const slug = cls.label.replace(/\W+/g, '-').replace(/-+$/, '').toLowerCase();
      const name = `${slug}-${String(i + 1).padStart(3, '0')}.fits`;
      const bytes = makeFits(
        image(SIZE, SIZE, -32, img, {
          OBJECT: cls.label.slice(0, 60),
          ORIGIN: 'Latent Sky demo sky',
          SYNTHET: true,
          BUNIT: cls.band === 'radio' ? 'Jy/beam' : 'nanomaggy',
        }),
      );
      files.push({ path: `${DEMO_FOLDER}/${cls.label}/${name}`, bytes });
    }
  }
  return files;
}
