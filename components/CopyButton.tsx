import { useState } from 'preact/hooks';

/** A button that puts `text` on the clipboard and says (politely, to screen readers too) whether it did. */
export function CopyButton({ label, text, what }: { label: string; text: string; what: string }) {
  const [result, setResult] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setResult(`Copied the ${what}.`);
    } catch {
      setResult(`Could not copy: select and copy it by hand: ${text}`);
    }
  };
  return (
    <span class="copy-button">
      <button type="button" data-copy-text={text} onClick={() => void copy()}>
        {label}
      </button>
      <span class="copy-button__result" role="status">
        {result}
      </span>
    </span>
  );
}
