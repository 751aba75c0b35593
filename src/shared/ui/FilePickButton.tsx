import { useRef } from 'react';

/** A button that opens the browser's file picker (its input hidden) and hands over the files picked. */
export function FilePickButton({
  label,
  title,
  accept,
  multiple = false,
  testId,
  onFiles,
}: {
  label: string;
  title: string;
  accept: string;
  multiple?: boolean;
  testId: string;
  onFiles: (files: File[]) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="small-button" onClick={() => input.current?.click()} title={title}>
        {label}
      </button>
      <input
        ref={input}
        type="file"
        multiple={multiple}
        hidden
        accept={accept}
        data-testid={testId}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          // Cleared, so picking the same file again opens it again.
          e.target.value = '';
          if (files.length) onFiles(files);
        }}
      />
    </>
  );
}
