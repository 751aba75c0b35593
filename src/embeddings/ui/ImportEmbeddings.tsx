import { useState } from 'react';
import { FilePickButton } from '../../shared/ui/FilePickButton';
import { useServices } from '../../shared/ui/services';

/** Explore embeddings made elsewhere (Parquet, CSV, or .npy with a names file): they become a model of their own. */
export function ImportEmbeddings() {
  const { imported } = useServices();
  const [problems, setProblems] = useState<{ name: string; reason: string }[]>([]);
  return (
    <div className="import-embeddings">
      <FilePickButton
        label="Import embeddings…"
        title="Parquet or CSV with a name column and an embedding column (or <name>_e0, _e1, … columns), or an N × D .npy with a .txt of row names"
        accept=".parquet,.csv,.npy,.txt"
        multiple
        testId="import-embeddings"
        onFiles={(files) => void imported.importFiles(files).then(setProblems)}
      />
      {problems.map((p) => (
        <p key={p.name} className="error" role="alert">
          {p.name}: {p.reason}
        </p>
      ))}
    </div>
  );
}
