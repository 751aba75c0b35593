/** Files the user saves: whatever a feature exports (tables, figures) leaves the page this way. */

/** A CSV text as a file to save. */
export const csvBlob = (text: string) => new Blob([text], { type: 'text/csv' });

/** Saves a blob as a file through a temporary link. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
