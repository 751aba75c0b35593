import { useShallow } from 'zustand/react/shallow';
import type { LabelSources } from './selectors';
import { useStore } from './store';

/** The label sources for a component: a new object only when the labels CSV the app's labels or their classes' order change, so memos keyed on it hold. */
export const useLabelSources = (): LabelSources =>
  useStore(useShallow((s) => ({ labelTable: s.labelTable, labelEdits: s.labelEdits, appClasses: s.appClasses })));
