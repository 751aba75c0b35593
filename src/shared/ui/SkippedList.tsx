import type { SkippedFile } from '../../state/store';

/** Files that could not be used, each with its reason; open by default while the list is short. */
export function SkippedList({ items, summary, testId, itemTestId }: { items: SkippedFile[]; summary: string; testId?: string; itemTestId?: string }) {
  return (
    <details className="skipped" data-testid={testId} open={items.length <= 5}>
      <summary>{summary}</summary>
      <ul>
        {items.map((k, i) => (
          <li key={i} data-testid={itemTestId}>
            <span className="file-name">{k.name}</span>
            <span className="reason">{k.reason}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
