import { describe, expect, it } from 'vitest';
import { labelFromPath, parseLabelCsv } from '../../src/images/lib/labels';
import { classOrder, UNLABELLED_NAME } from '../../src/shared/lib/palette';

describe('labels CSV', () => {
  it('reads filename,label and keeps extra columns as metadata', () => {
    const t = parseLabelCsv('filename,label,redshift\nsub/a.png,FRI,0.05\nb.fits,FRII,0.1\n');
    expect(t.rows.get('a.png')).toEqual({ label: 'FRI', meta: { redshift: '0.05' } });
    expect(t.rows.get('b.fits')?.label).toBe('FRII');
  });
  it('matches column names case-insensitively, with BOM, quotes and CRLF', () => {
    const t = parseLabelCsv('\uFEFFFile,Class\r\n"x, y.png","Spiral, barred"\r\n');
    expect(t.rows.get('x, y.png')?.label).toBe('Spiral, barred');
  });
  it('allows rows without a label', () => {
    expect(parseLabelCsv('filename,label\na.png,\n').rows.get('a.png')?.label).toBeUndefined();
  });
  it('refuses a CSV without a file column', () => {
    expect(() => parseLabelCsv('ra,dec\n1,2\n')).toThrow(/no file-name column/);
  });
  it('an empty CSV is an error, not a crash', () => {
    expect(() => parseLabelCsv('')).toThrow(/no file-name column/);
  });
  it('keeps hostile strings as plain text', () => {
    const t = parseLabelCsv('filename,label\n<img src=x onerror=alert(1)>.png,<b>FRI</b>\n');
    expect(t.rows.get('<img src=x onerror=alert(1)>.png')?.label).toBe('<b>FRI</b>');
  });
  it('reports ragged rows as warnings and keeps the rest', () => {
    const t = parseLabelCsv('filename,label\na.png,FRI,extra\nb.png,FRII\n');
    expect(t.rows.get('b.png')?.label).toBe('FRII');
    expect(t.warnings.length).toBeGreaterThan(0);
  });
});

describe('folder labels and class order', () => {
  it('takes the parent folder as the label', () => {
    expect(labelFromPath('data/FRII/a.png')).toBe('FRII');
    expect(labelFromPath('a.png')).toBeUndefined();
  });
  it('orders classes naturally, unlabelled last', () => {
    expect(classOrder(['class 10', undefined, 'class 2', 'class 10'])).toEqual(['class 2', 'class 10', UNLABELLED_NAME]);
  });
});
