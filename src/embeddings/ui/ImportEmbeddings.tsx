import { useRef, useState } from 'react';
import { useServices } from '../../shared/ui/services';

/** Explore embeddings made elsewhere (Parquet, CSV, or .npy with a names file): they become a model of their own. */
export function ImportEmbeddings() {
  const input = useRef<HTMLInputElement>(null);
  const { imported } = useServices();
  const [problems, setProblems] = useState<{ name: string; reason: string }[]>([]);
  return (
    <div className="import-embeddings">
      <button
        type="button"
        className="small-button"
        onClick={() => input.current?.click()}
        title="Parquet or CSV with a name column and an embedding column (or <name>_e0, _e1, … columns), or an N × D .npy with a .txt of row names"
      >
        Import embeddings…
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        accept=".parquet,.csv,.npy,.txt"
        data-testid="import-embeddings"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length) void imported.importFiles(files).then(setProblems);
        }}
      />
      {problems.map((p) => (
        <p key={p.name} className="error" role="alert">
          {p.name}: {p.reason}
        </p>
      ))}
    </div>
  );
}
