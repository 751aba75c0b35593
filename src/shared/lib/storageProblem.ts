/** Words for a browser storage failure, for the one notice that says results are not being kept. */

export type StorageKind = 'results' | 'models';

const WHERE: Record<StorageKind, string> = {
  results: 'IndexedDB',
  models: 'Cache Storage for model files',
};

/** One short clause: which storage failed and why, e.g. "IndexedDB is full (storage quota used up)". */
export function describeStorageFailure(kind: StorageKind, error?: unknown): string {
  const where = WHERE[kind];
  if (error === undefined) return `${where} is not available`;
  // Errors and DOMExceptions (which may come from another realm): anything with a name and a message.
  const named = typeof error === 'object' && error !== null && typeof (error as Error).name === 'string';
  const name = named ? (error as Error).name : '';
  const message = (named ? String((error as Error).message ?? '') : String(error)).slice(0, 80);
  if (name === 'QuotaExceededError') return `${where} is full (storage quota used up)`;
  if (name === 'SecurityError' || name === 'InvalidStateError') return `${where} is blocked (${name}; a private window?)`;
  const detail = [name && name !== 'Error' ? name : '', message].filter(Boolean).join(': ');
  return `${where} failed${detail ? ` (${detail})` : ''}`;
}

/** The notice's sentence for the failures recorded so far (clauses joined with "; "). */
export const storageNotice = (problem: string) => `This browser is not keeping results: ${problem}. Everything works; a reload will recompute.`;
