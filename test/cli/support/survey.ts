/**
 * A small survey folder for the CLI tests, made at test time from ../shared/data (never copied into
 * the repository): MiraBest full_derived cutouts as greyscale PNGs in one subfolder per FR class
 * (FRI, FRII, hybrid), the 12 original FITS, and broken files (a truncated PNG, a text file named
 * .fits), with a labels CSV for the FITS. Written once per size into the temp folder and reused.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { encode } from 'fast-png';
import { sharedPath } from '../../support/shared';

export const MODEL = sharedPath('models/mobilenetv2-int8-imagenet/mobilenet_v2_quant_feat1280.onnx');
const SIDE = 150;

export interface Survey {
  root: string;
  /** Every file, as a path relative to the folder's parent (the CLI's `path` column). */
  images: string[];
  broken: string[];
  labelsCsv: string;
}

export function makeSurvey(pngCount: number, base = tmpdir()): Survey {
  const root = join(base, `latent-sky-survey-${pngCount}`, 'survey');
  const top = 'survey';
  const done = join(root, '..', 'complete');
  const rows = readFileSync(sharedPath('mirabest/full_derived/labels.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  const fitsNames = readdirSync(sharedPath('mirabest/fits_sample'))
    .filter((f) => f.endsWith('.fits'))
    .sort();
  const pngs = rows.slice(0, pngCount).map((_, k) => {
    const i = Math.round((k * (rows.length - 1)) / Math.max(1, pngCount - 1));
    const cls = rows[i][4] === 'FRI' || rows[i][4] === 'FRII' ? rows[i][4] : 'hybrid';
    return { i, rel: `${cls}/mirabest_${String(i).padStart(4, '0')}.png` };
  });
  const broken = ['broken/truncated.png', 'broken/notes.fits'];
  const survey: Survey = {
    root,
    images: [...pngs.map((p) => `${top}/${p.rel}`), ...fitsNames.map((f) => `${top}/fits/${f}`)],
    broken: broken.map((b) => `${top}/${b}`),
    labelsCsv: join(root, '..', 'labels.csv'),
  };
  if (existsSync(done)) return survey;
  const raw = gunzipSync(readFileSync(sharedPath('mirabest/full_derived/images_u8.raw.gz')));
  const write = (rel: string, data: Uint8Array | string) => {
    const path = join(root, rel);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(`${path}.tmp`, data);
    renameSync(`${path}.tmp`, path);
  };
  for (const p of pngs)
    write(p.rel, encode({ width: SIDE, height: SIDE, data: raw.subarray(p.i * SIDE * SIDE, (p.i + 1) * SIDE * SIDE), channels: 1, depth: 8 }));
  mkdirSync(join(root, 'fits'), { recursive: true });
  for (const f of fitsNames) copyFileSync(sharedPath('mirabest/fits_sample', f), join(root, 'fits', f));
  const png = encode({ width: SIDE, height: SIDE, data: raw.subarray(0, SIDE * SIDE), channels: 1, depth: 8 });
  write(broken[0], png.subarray(0, 200));
  write(broken[1], 'this is not a FITS file\n');
  const fr = (name: string) => (({ '1': 'FRI', '2': 'FRII', '3': 'hybrid' }) as Record<string, string>)[name[0]];
  writeFileSync(survey.labelsCsv, ['filename,label,class_code', ...fitsNames.map((f) => `${f},${fr(f)},${f.slice(0, 3)}`)].join('\n'));
  writeFileSync(done, '');
  return survey;
}
