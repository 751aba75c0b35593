import Papa from 'papaparse';

/** What a labels CSV says about one file: its class and any other columns, kept as metadata. */
export interface LabelRow {
  label?: string;
  meta: Record<string, string>;
}

export interface LabelTable {
  /** Keyed by file name without folders (the CSV may list paths or bare names). */
  rows: Map<string, LabelRow>;
  warnings: string[];
}

const FILE_COLUMNS = ['filename', 'file', 'file_name', 'name', 'path', 'image'];
const LABEL_COLUMNS = ['label', 'class', 'label_name', 'class_name', 'morphology'];

export const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path;

/**
 * Parses a labels CSV (`filename,label[,more…]`, header row required). Column names are matched
 * case-insensitively; a CSV without a file column is an error, one without a label column only
 * contributes metadata.
 */
export function parseLabelCsv(text: string): LabelTable {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim(),
  });
  const fields = parsed.meta.fields ?? [];
  const find = (names: string[]) => fields.find((f) => names.includes(f.toLowerCase()));
  const fileCol = find(FILE_COLUMNS);
  if (!fileCol) {
    throw new Error(`labels CSV has no file-name column (expected one of: ${FILE_COLUMNS.join(', ')})`);
  }
  const labelCol = find(LABEL_COLUMNS);
  const warnings = parsed.errors.slice(0, 5).map((e) => `row ${(e.row ?? 0) + 2}: ${e.message}`);
  const rows = new Map<string, LabelRow>();
  for (const record of parsed.data) {
    const file = record[fileCol]?.trim();
    if (!file) continue;
    const meta: Record<string, string> = {};
    for (const f of fields) if (f !== fileCol && f !== labelCol && record[f] !== undefined) meta[f] = record[f];
    const label = labelCol ? record[labelCol]?.trim() || undefined : undefined;
    rows.set(baseName(file), { label, meta });
  }
  return { rows, warnings };
}

/** Label from the folder an image was dropped in (`FRII/xyz.png` → "FRII"), if any. */
export function labelFromPath(path: string): string | undefined {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts.length >= 2 ? parts[parts.length - 2] : undefined;
}
