import { describe, expect, it } from 'vitest';
import { classColour, classSlots, UNLABELLED, UNLABELLED_NAME, withAppClass } from '../../src/shared/lib/palette';

describe('class colours', () => {
  const colourOf = (names: string[], dataset: string[], app: readonly string[] = []) => {
    const slots = classSlots(names, dataset, app);
    return Object.fromEntries(names.map((n, i) => [n, classColour(slots[i], n)]));
  };

  it("the dataset's classes take the first colours in natural order, unlabelled is grey", () => {
    expect(colourOf(['class 10', 'class 2', UNLABELLED_NAME], ['class 10', 'class 2'])).toEqual({
      'class 2': classColour(0, 'class 2'),
      'class 10': classColour(1, 'class 10'),
      [UNLABELLED_NAME]: UNLABELLED,
    });
  });

  it('a class named in the app never recolours another, even when it sorts first', () => {
    const before = colourOf(['FRI', 'FRII', 'bent'], ['FRI', 'FRII'], ['bent']);
    const app = withAppClass(['bent'], 'aaa compact');
    const after = colourOf(['FRI', 'FRII', 'aaa compact', 'bent'], ['FRI', 'FRII'], app);
    expect(app).toEqual(['bent', 'aaa compact']);
    expect({ FRI: after.FRI, FRII: after.FRII, bent: after.bent }).toEqual(before);
    expect(after['aaa compact']).toEqual(classColour(3, 'aaa compact'));
    expect(new Set(Object.values(after).map(String)).size).toBe(4);
  });

  it('a class that loses its images keeps its slot: removing it recolours nothing', () => {
    const all = colourOf(['FRI', 'a', 'b'], ['FRI'], ['a', 'b']);
    const without = colourOf(['FRI', 'b'], ['FRI'], ['a', 'b']);
    expect(without).toEqual({ FRI: all.FRI, b: all.b });
  });

  it('a class in neither list (an older session) comes after, in natural order; naming a known class adds nothing', () => {
    expect(colourOf(['z', 'y', 'FRI'], ['FRI'])).toEqual({ FRI: classColour(0, 'FRI'), y: classColour(1, 'y'), z: classColour(2, 'z') });
    const app = ['a'];
    expect(withAppClass(app, 'a')).toBe(app);
  });
});
