import { describe, expect, it } from 'vitest';
import { checkClassName, EMPTY_HISTORY, labelKey, MAX_UNDO, redoLabels, setLabels, undoLabels, type Labelling } from '../../src/labelling/lib/labelEdits';

const start: Labelling = { edits: new Map([['aaaaaaaaaa', 'FRI']]), history: EMPTY_HISTORY };

describe('class names', () => {
  it('are trimmed, inner runs of white space made one space', () => {
    expect(checkClassName('  FR  II ')).toBe('FR II');
    expect(checkClassName('bent-tail <b>x</b>')).toBe('bent-tail <b>x</b>');
  });
  it('refuses empty, too long, control characters, the unlabelled name and non-text, saying why', () => {
    expect(() => checkClassName('   ')).toThrow('cannot be empty');
    expect(() => checkClassName('x'.repeat(65))).toThrow('at most 64 characters (this one has 65)');
    expect(() => checkClassName('a\u0000b')).toThrow('control characters');
    expect(() => checkClassName('(unlabelled)')).toThrow('choose another name');
    expect(() => checkClassName(42)).toThrow('must be text');
  });
  it('keys are the content-hash prefix a permalink carries', () => {
    expect(labelKey('0123456789abcdef')).toBe('0123456789');
  });
});

describe('label edits with undo and redo', () => {
  it('one step per assignment, undone and redone exactly', () => {
    const a = setLabels(start, ['bbbbbbbbbb', 'cccccccccc'], 'FRII');
    expect([...a.edits]).toEqual([
      ['aaaaaaaaaa', 'FRI'],
      ['bbbbbbbbbb', 'FRII'],
      ['cccccccccc', 'FRII'],
    ]);
    const b = setLabels(a, ['aaaaaaaaaa', 'bbbbbbbbbb'], null);
    expect(b.edits.get('aaaaaaaaaa')).toBeNull();
    expect(b.history.past).toHaveLength(2);
    const u = undoLabels(b);
    expect(u.edits).toEqual(a.edits);
    const uu = undoLabels(u);
    expect(uu.edits).toEqual(start.edits);
    expect(undoLabels(uu)).toBe(uu); // nothing more to undo
    const r = redoLabels(redoLabels(uu));
    expect(r.edits).toEqual(b.edits);
    expect(redoLabels(r)).toBe(r);
  });
  it('a new change forgets what could be redone; a change that changes nothing is no step', () => {
    const a = undoLabels(setLabels(start, ['bbbbbbbbbb'], 'FRII'));
    expect(a.history.future).toHaveLength(1);
    const b = setLabels(a, ['cccccccccc'], 'X');
    expect(b.history.future).toHaveLength(0);
    expect(setLabels(b, ['cccccccccc', 'cccccccccc'], 'X')).toBe(b);
    expect(setLabels(b, [], 'X')).toBe(b);
  });
  it('undefined takes the app label away (back to the folder or CSV label), undoably', () => {
    const a = setLabels(start, ['aaaaaaaaaa'], undefined);
    expect(a.edits.has('aaaaaaaaaa')).toBe(false);
    expect(undoLabels(a).edits.get('aaaaaaaaaa')).toBe('FRI');
  });
  it(`keeps the last ${MAX_UNDO} steps`, () => {
    let l: Labelling = { edits: new Map(), history: EMPTY_HISTORY };
    for (let i = 0; i < MAX_UNDO + 5; i++) l = setLabels(l, ['k'], `c${i}`);
    expect(l.history.past).toHaveLength(MAX_UNDO);
    for (let i = 0; i < MAX_UNDO; i++) l = undoLabels(l);
    expect(l.edits.get('k')).toBe('c4');
  });
});
