import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listInputs } from '../../src/cli/inputs';
import { progress } from '../../src/cli/progress';

const dir = mkdtempSync(join(tmpdir(), 'latent-sky-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'data/FRI'), { recursive: true });
for (const f of ['data/FRI/a.png', 'data/b.fits', 'data/.hidden']) writeFileSync(join(dir, f), 'x');

describe('what --input covers', () => {
  it('walks a folder, skipping hidden files, with the folder name as the first path segment', () => {
    const items = listInputs([join(dir, 'data')]);
    expect(items.map((i) => [i.path, i.name, i.location]).sort()).toEqual([
      ['data/FRI/a.png', 'a.png', join(dir, 'data/FRI/a.png')],
      ['data/b.fits', 'b.fits', join(dir, 'data/b.fits')],
    ]);
  });

  it('reads a manifest with the app parser: local paths relative to it, absolute paths and URLs, labels and metadata', () => {
    writeFileSync(join(dir, 'm.csv'), `url,label,survey\nFRI/a.png,FRI,first\n${join(dir, 'data/b.fits')},FRII,first\nhttps://example.org/c.jpg,,sdss\n`);
    mkdirSync(join(dir, 'FRI'), { recursive: true });
    const items = listInputs([join(dir, 'm.csv')]);
    expect(items).toEqual([
      { path: 'FRI/a.png', name: 'a.png', label: 'FRI', meta: { survey: 'first' }, location: join(dir, 'FRI/a.png') },
      { path: 'data/b.fits', name: 'b.fits', label: 'FRII', meta: { survey: 'first' }, location: join(dir, 'data/b.fits') },
      { path: 'https://example.org/c.jpg', name: 'c.jpg', label: undefined, meta: { survey: 'sdss' }, location: 'https://example.org/c.jpg' },
    ]);
    writeFileSync(join(dir, 'm.json'), JSON.stringify({ images: [{ url: 'data/b.fits', name: 'B' }] }));
    expect(listInputs([join(dir, 'm.json')])).toMatchObject([{ path: 'data/b.fits', name: 'B' }]);
  });

  it('reads a file list (.txt), one path a line relative to the list, comments and blank lines ignored', () => {
    writeFileSync(join(dir, 'files.txt'), `# survey\ndata/FRI/a.png\n\n${join(dir, 'data/b.fits')}\n`);
    expect(listInputs([join(dir, 'files.txt')])).toEqual([
      { path: 'data/FRI/a.png', name: 'a.png', meta: {}, location: join(dir, 'data/FRI/a.png') },
      { path: join(dir, 'data/b.fits'), name: 'b.fits', meta: {}, location: join(dir, 'data/b.fits') },
    ]);
  });

  it('refuses a path given twice and a path that does not exist', () => {
    expect(() => listInputs([join(dir, 'data'), join(dir, 'data')])).toThrow(/twice/);
    expect(() => listInputs([join(dir, 'nope')])).toThrow(/no such file or folder/);
  });
});

describe('progress on stderr', () => {
  const sink = (isTTY: boolean) => {
    const text: string[] = [];
    return { text, stream: { isTTY, write: (s: string) => text.push(s) } as unknown as NodeJS.WriteStream };
  };
  it('redraws a bar with the rate on a terminal', () => {
    const s = sink(true);
    const p = progress(10, 'part-0-of-2', s.stream, 30);
    p.advance(5);
    p.done();
    expect(s.text[0]).toMatch(/^\rpart-0-of-2 \[#{15}\.{15}\] 5\/10 images · [\d.]+ images\/s/);
    expect(s.text.at(-1)).toMatch(/\n$/);
  });
  it('writes plain lines at most every so often in a batch log, and one at the end', () => {
    const s = sink(false);
    const p = progress(10, 'part-0-of-2', s.stream, 3600);
    for (let i = 0; i < 10; i++) p.advance(1);
    p.done();
    expect(s.text).toHaveLength(2);
    expect(s.text.every((l) => /^part-0-of-2: \d+\/10 images · [\d.]+ images\/s.*\n$/.test(l) && !l.includes('\r'))).toBe(true);
  });
});
