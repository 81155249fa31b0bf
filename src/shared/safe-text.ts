// Names come from disks and profiles that anybody can make: a volume called "ESC]0;…" or a
// profile whose display name holds U+202E would redraw a technician's terminal or reorder what a
// log line appears to say. Text output and logs pass every such name through `safeText`.

// C0 controls (including tab and newline: a name never legitimately holds one), DEL, C1 controls,
// bidi embeddings/overrides/isolates and marks, and the Unicode line/paragraph separators.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `value` with every control character and bidi control shown as a visible escape (\x1b, \u202e). */
export function safeText(value: string): string {
  return value.replace(UNSAFE, (ch) => {
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** True when `safeText` would change `value`. */
export function hasUnsafeText(value: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(value);
  UNSAFE.lastIndex = 0;
  return found;
}

// JSON.stringify escapes C0 controls but writes DEL, C1 controls, bidi controls and the Unicode
// separators as they are: a log line read with `cat` or `tail -f` must not carry them either.
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** A JSON text with the characters JSON.stringify leaves raw written as \uXXXX (still the same JSON). */
export function safeJson(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `safeText` for multi-line output: each line escaped, the line breaks kept. */
export function safeLines(text: string): string {
  return text.split('\n').map(safeText).join('\n');
}
