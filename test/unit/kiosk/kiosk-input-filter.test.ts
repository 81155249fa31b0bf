import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BLOCKED_SHORTCUTS, OS_LEVEL_SHORTCUTS, shouldBlockInput, type KeyInput } from '../../../src/main/electron/kiosk-input-filter';
import { REPO_ROOT } from '../../support/temp';

type Mods = Partial<Pick<KeyInput, 'meta' | 'control' | 'alt' | 'shift'>>;

/** An Electron `Input` as before-input-event delivers it for a key press. */
function press(key: string, code: string, mods: Mods = {}, type = 'keyDown'): KeyInput {
  return { type, key, code, meta: false, control: false, alt: false, shift: false, ...mods };
}

const cmd = { meta: true };
const ctrl = { control: true };

// [what a person presses, the input Electron reports]
const BLOCKED_ON_MAC: Array<[string, KeyInput]> = [
  ['Cmd+Q', press('q', 'KeyQ', cmd)],
  ['Cmd+W', press('w', 'KeyW', cmd)],
  ['Cmd+R', press('r', 'KeyR', cmd)],
  ['Cmd+Shift+R', press('R', 'KeyR', { ...cmd, shift: true })],
  ['F5', press('F5', 'F5')],
  ['Cmd+Option+I (Option turns i into a dead key)', press('Dead', 'KeyI', { ...cmd, alt: true })],
  ['Cmd+Option+J', press('∆', 'KeyJ', { ...cmd, alt: true })],
  ['F12', press('F12', 'F12')],
  ['Cmd+Plus', press('+', 'Equal', { ...cmd, shift: true })],
  ['Cmd+=', press('=', 'Equal', cmd)],
  ['Cmd+Minus', press('-', 'Minus', cmd)],
  ['Cmd+0', press('0', 'Digit0', cmd)],
  ['Cmd+numpad plus', press('+', 'NumpadAdd', cmd)],
  ['Cmd+H', press('h', 'KeyH', cmd)],
  ['Cmd+Option+H', press('˙', 'KeyH', { ...cmd, alt: true })],
  ['Cmd+M', press('m', 'KeyM', cmd)],
  ['Cmd+Ctrl+F', press('f', 'KeyF', { ...cmd, ...ctrl })],
  ['Cmd+,', press(',', 'Comma', cmd)],
  ['Cmd+N', press('n', 'KeyN', cmd)],
  ['Cmd+Q on an AZERTY keyboard (character q, physical KeyA)', press('q', 'KeyA', cmd)],
  ['Cmd+Q released', press('q', 'KeyQ', cmd, 'keyUp')],
];

const BLOCKED_ON_WINDOWS_AND_LINUX: Array<[string, KeyInput]> = [
  ['Ctrl+Q', press('q', 'KeyQ', ctrl)],
  ['Ctrl+W', press('w', 'KeyW', ctrl)],
  ['Ctrl+R', press('r', 'KeyR', ctrl)],
  ['Ctrl+Shift+R', press('R', 'KeyR', { ...ctrl, shift: true })],
  ['F5', press('F5', 'F5')],
  ['Ctrl+F5', press('F5', 'F5', ctrl)],
  ['Ctrl+Shift+I', press('I', 'KeyI', { ...ctrl, shift: true })],
  ['Ctrl+Shift+J', press('J', 'KeyJ', { ...ctrl, shift: true })],
  ['F12', press('F12', 'F12')],
  ['Alt+F4', press('F4', 'F4', { alt: true })],
  ['Ctrl+F4', press('F4', 'F4', ctrl)],
  ['Ctrl+Plus', press('+', 'Equal', { ...ctrl, shift: true })],
  ['Ctrl+Minus', press('-', 'Minus', ctrl)],
  ['Ctrl+0', press('0', 'Digit0', ctrl)],
  ['Ctrl+numpad minus', press('-', 'NumpadSubtract', ctrl)],
  ['F11', press('F11', 'F11')],
  ['Ctrl+M', press('m', 'KeyM', ctrl)],
];

// What a warehouse worker or the station's PIN pad legitimately types.
const ALLOWED_EVERYWHERE: Array<[string, KeyInput]> = [
  ['digit 4', press('4', 'Digit4')],
  ['numpad 7', press('7', 'Numpad7')],
  ['0 (no modifier)', press('0', 'Digit0')],
  ['Backspace', press('Backspace', 'Backspace')],
  ['Enter', press('Enter', 'Enter')],
  ['Escape', press('Escape', 'Escape')],
  ['Tab', press('Tab', 'Tab')],
  ['letter q', press('q', 'KeyQ')],
  ['capital Q', press('Q', 'KeyQ', { shift: true })],
  ['plus sign', press('+', 'Equal', { shift: true })],
  ['arrow key', press('ArrowDown', 'ArrowDown')],
  ['AltGr+Q typing @ on a German keyboard (Ctrl+Alt on Windows)', press('@', 'KeyQ', { control: true, alt: true })],
];

describe('the kiosk keyboard filter', () => {
  for (const [what, input] of BLOCKED_ON_MAC) {
    it(`swallows ${what} on macOS`, () => expect(shouldBlockInput(input, 'darwin')).toBe(true));
  }
  for (const platform of ['win32', 'linux'] as const) {
    for (const [what, input] of BLOCKED_ON_WINDOWS_AND_LINUX) {
      it(`swallows ${what} on ${platform}`, () => expect(shouldBlockInput(input, platform)).toBe(true));
    }
  }
  for (const platform of ['darwin', 'win32', 'linux'] as const) {
    for (const [what, input] of ALLOWED_EVERYWHERE) {
      it(`lets ${what} through on ${platform}`, () => expect(shouldBlockInput(input, platform)).toBe(false));
    }
  }

  it('lets the ordinary editing shortcuts through (copy, paste, select all, undo)', () => {
    for (const key of ['c', 'v', 'x', 'a', 'z']) {
      expect(shouldBlockInput(press(key, `Key${key.toUpperCase()}`, cmd), 'darwin')).toBe(false);
      expect(shouldBlockInput(press(key, `Key${key.toUpperCase()}`, ctrl), 'win32')).toBe(false);
    }
  });

  it('uses the platform’s own primary modifier: Ctrl+Q is not quit on macOS, Cmd+H hides only there', () => {
    expect(shouldBlockInput(press('q', 'KeyQ', ctrl), 'darwin')).toBe(false);
    expect(shouldBlockInput(press('h', 'KeyH', { meta: true }), 'linux')).toBe(false);
  });

  it('ignores events that are not key presses', () => {
    expect(shouldBlockInput(press('q', 'KeyQ', cmd, 'mouseDown'), 'darwin')).toBe(false);
  });

  it('keeps every entry of the table reachable: each combo blocks on some platform', () => {
    for (const shortcut of BLOCKED_SHORTCUTS) {
      for (const combo of shortcut.combos) {
        const parts = combo.split('+');
        const key = parts.pop() as string;
        const platforms = shortcut.platforms ?? ['darwin', 'linux'];
        const blocked = platforms.some((platform) => {
          const primaryIsMeta = platform === 'darwin';
          const input = press(key.length === 1 ? key.toLowerCase() : key, /^[A-Z]$/.test(key) ? `Key${key}` : key, {
            meta: parts.includes('Meta') || (primaryIsMeta && parts.includes('Primary')),
            control: parts.includes('Control') || (!primaryIsMeta && parts.includes('Primary')),
            alt: parts.includes('Alt'),
            shift: parts.includes('Shift'),
          });
          return shouldBlockInput(input, platform);
        });
        expect(blocked, `${shortcut.action}: ${combo}`).toBe(true);
      }
    }
  });
});

describe('what the filter cannot block', () => {
  it('is documented for the admin in docs/KIOSK.md, entry by entry', () => {
    const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'KIOSK.md'), 'utf8').toLowerCase();
    for (const { keys } of OS_LEVEL_SHORTCUTS) expect(doc, keys).toContain(keys.toLowerCase());
  });
});
