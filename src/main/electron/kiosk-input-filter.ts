// The keyboard filter of a locked kiosk window, as a pure function over Electron's Input (type
// import only: this module runs in unit tests on plain Node). Every shortcut the station swallows
// is in BLOCKED_SHORTCUTS below; what the operating system handles before the app sees a key is
// in OS_LEVEL_SHORTCUTS, with what closes each gap (docs/KIOSK.md).
import type { Input } from 'electron';

export type KeyInput = Pick<Input, 'type' | 'key' | 'code' | 'meta' | 'control' | 'alt' | 'shift'>;

export interface BlockedShortcut {
  /** What the shortcut would do. */
  readonly action: string;
  /**
   * Accelerator-like combos. `Primary` is Cmd on macOS and Ctrl elsewhere; `Meta` is Cmd (macOS)
   * or the Windows/Super key; modifiers must match exactly, so AltGr (Ctrl+Alt) typing is untouched.
   */
  readonly combos: readonly string[];
  /** Limit to these platforms (default: all). */
  readonly platforms?: readonly NodeJS.Platform[];
}

export const BLOCKED_SHORTCUTS: readonly BlockedShortcut[] = [
  { action: 'quit the app', combos: ['Primary+Q', 'Primary+Shift+Q'] },
  { action: 'close the window', combos: ['Primary+W', 'Primary+Shift+W', 'Alt+F4', 'Primary+F4'] },
  { action: 'reload the page', combos: ['Primary+R', 'Primary+Shift+R', 'F5', 'Shift+F5', 'Primary+F5'] },
  {
    action: 'open the developer tools',
    combos: ['Primary+Alt+I', 'Primary+Shift+I', 'Primary+Alt+J', 'Primary+Shift+J', 'Primary+Alt+C', 'Primary+Shift+C', 'F12', 'Primary+Alt+U', 'Primary+U'],
  },
  { action: 'zoom in, out or reset', combos: ['Primary+=', 'Primary+Shift+=', 'Primary+-', 'Primary+Shift+-', 'Primary+0'] },
  { action: 'hide the app', combos: ['Meta+H', 'Meta+Alt+H'], platforms: ['darwin'] },
  { action: 'minimise the window', combos: ['Primary+M', 'Primary+Alt+M'] },
  { action: 'toggle full screen', combos: ['Meta+Control+F', 'F11'] },
  { action: 'open a new window or tab', combos: ['Primary+N', 'Primary+Shift+N', 'Primary+T'] },
  { action: 'open preferences', combos: ['Meta+,'], platforms: ['darwin'] },
];

/** Shortcuts the OS acts on before any app sees them: an app cannot block these (docs/KIOSK.md). */
export const OS_LEVEL_SHORTCUTS: readonly { readonly keys: string; readonly what: string }[] = [
  { keys: 'Cmd+Option+Esc', what: 'Force Quit window (macOS; Electron kiosk mode disables it while the app is frontmost)' },
  { keys: 'Cmd+Tab', what: 'app switcher (macOS; Electron kiosk mode disables it while the app is frontmost)' },
  { keys: 'Ctrl+Cmd+Q', what: 'lock screen (macOS)' },
  { keys: 'Ctrl+Cmd+Power', what: 'forced restart (macOS)' },
  { keys: 'Power button', what: 'held: forced power off (every platform)' },
  { keys: 'Alt+Tab', what: 'window switcher (Windows, Linux desktops)' },
  { keys: 'Ctrl+Alt+Del', what: 'secure attention screen (Windows)' },
  { keys: 'Ctrl+Alt+F1', what: 'virtual consoles (Linux)' },
];

interface Combo {
  readonly meta: boolean;
  readonly control: boolean;
  readonly alt: boolean;
  readonly shift: boolean;
  readonly key: string;
}

/** Key names that stand for more than one key value or physical key. */
const KEY_ALIASES: Record<string, { keys: readonly string[]; codes: readonly string[] }> = {
  '=': { keys: ['=', '+'], codes: ['Equal', 'NumpadAdd'] },
  '-': { keys: ['-', '_'], codes: ['Minus', 'NumpadSubtract'] },
  '0': { keys: ['0', ')'], codes: ['Digit0', 'Numpad0'] },
  ',': { keys: [',', '<'], codes: ['Comma'] },
};

function parseCombo(text: string, platform: NodeJS.Platform): Combo {
  const parts = text.split('+');
  const key = parts.pop() || '+';
  const has = (name: string) => parts.includes(name);
  const mac = platform === 'darwin';
  return {
    meta: has('Meta') || (mac && has('Primary')),
    control: has('Control') || (!mac && has('Primary')),
    alt: has('Alt'),
    shift: has('Shift'),
    key,
  };
}

/**
 * Does the input press this key? By the character it produced *or* the physical key, because
 * Option on macOS turns letters into other characters (Cmd+Option+I gives key 'ˆ', code 'KeyI')
 * and menu accelerators follow the character on other layouts (AZERTY Cmd+Q is code 'KeyA').
 * Matching either errs on the side of blocking, which is the right side for a locked station.
 */
function pressesKey(name: string, input: KeyInput): boolean {
  const alias = KEY_ALIASES[name];
  if (alias) return alias.keys.includes(input.key) || alias.codes.includes(input.code);
  if (/^[A-Z]$/.test(name)) return input.key.toLowerCase() === name.toLowerCase() || input.code === `Key${name}`;
  return input.key === name || input.code === name;
}

function matches(combo: Combo, input: KeyInput): boolean {
  return (
    input.meta === combo.meta &&
    input.control === combo.control &&
    input.alt === combo.alt &&
    input.shift === combo.shift &&
    pressesKey(combo.key, input)
  );
}

/** The blocked shortcut this input is, if any (for the log and for tests). */
export function blockedShortcutFor(input: KeyInput, platform: NodeJS.Platform): BlockedShortcut | null {
  if (input.type !== 'keyDown' && input.type !== 'keyUp' && input.type !== 'rawKeyDown') return null;
  for (const shortcut of BLOCKED_SHORTCUTS) {
    if (shortcut.platforms && !shortcut.platforms.includes(platform)) continue;
    if (shortcut.combos.some((text) => matches(parseCombo(text, platform), input))) return shortcut;
  }
  return null;
}

/** Should a locked kiosk window swallow this key event? */
export function shouldBlockInput(input: KeyInput, platform: NodeJS.Platform): boolean {
  return blockedShortcutFor(input, platform) !== null;
}
