import { useRef } from 'react';

/** A button that opens the file dialog for one .onnx file (the hidden input is reset, so the same file can be picked again). */
export function OnnxFileButton({ label, className, onFile }: { label: string; className?: string; onFile: (file: File) => void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className={className} onClick={() => input.current?.click()}>
        {label}
      </button>
      <input
        ref={input}
        type="file"
        accept=".onnx"
        hidden
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onFile(file);
          e.target.value = '';
        }}
      />
    </>
  );
}
