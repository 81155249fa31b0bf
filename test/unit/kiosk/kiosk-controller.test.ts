import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  attachKioskController,
  kioskWindowOptions,
  type KioskAppLike,
  type KioskLockState,
  type KioskWindowLike,
  type PreventableEvent,
} from '../../../src/main/electron/kiosk-controller';
import { benchMenuTemplate } from '../../../src/main/electron/bench-menu';
import type { KeyInput } from '../../../src/main/electron/kiosk-input-filter';
import { menuRoles, type MenuTemplate } from '../../../src/main/electron/kiosk-menu';

// Small stand-ins shaped like Electron's BrowserWindow, WebContents, app and Event: there is no
// Electron binary on the build machines. The real window is covered by test/electron/kiosk.spec.ts.

class FakeElectronEvent implements PreventableEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

class FakeBrowserWindow extends EventEmitter implements KioskWindowLike {
  readonly webContents = new EventEmitter();
  kiosk = false;
  focusCalls = 0;
  destroyed = false;
  setKiosk(flag: boolean): void {
    this.kiosk = flag;
  }
  isKiosk(): boolean {
    return this.kiosk;
  }
  focus(): void {
    this.focusCalls += 1;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** What Electron does when a key is pressed: ask before-input-event listeners first. */
  pressKey(input: Partial<KeyInput>): boolean {
    const event = new FakeElectronEvent();
    this.webContents.emit('before-input-event', event, { type: 'keyDown', key: '', code: '', meta: false, control: false, alt: false, shift: false, ...input });
    return !event.defaultPrevented;
  }
  /** What Electron does on Cmd+W, the close button or window.close(): returns whether it closes. */
  tryClose(): boolean {
    const event = new FakeElectronEvent();
    this.emit('close', event);
    return !event.defaultPrevented;
  }
}

class FakeElectronApp extends EventEmitter implements KioskAppLike {
  stolenFocus = 0;
  focus(options?: { steal: boolean }): void {
    if (options?.steal) this.stolenFocus += 1;
  }
  /** What app.quit() does: returns whether the app would quit. */
  tryQuit(): boolean {
    const event = new FakeElectronEvent();
    this.emit('before-quit', event);
    return !event.defaultPrevented;
  }
}

const LOCKED: KioskLockState = { enabled: true, locked: true };
const UNLOCKED: KioskLockState = { enabled: true, locked: false };
const OFF: KioskLockState = { enabled: false, locked: false };

function setup(initial: KioskLockState, platform: NodeJS.Platform = 'darwin') {
  const window = new FakeBrowserWindow();
  const app = new FakeElectronApp();
  const menus: MenuTemplate[] = [];
  const deferred: Array<() => void> = [];
  const refused: string[] = [];
  const controller = attachKioskController({
    window,
    app,
    platform,
    initial,
    setMenu: (template) => menus.push(template),
    benchMenu: () => benchMenuTemplate(platform, { importProfile: () => {}, show: () => {} }, { devTools: false }),
    defer: (task) => deferred.push(task),
    onRefused: (what) => refused.push(what),
  });
  const runDeferred = () => deferred.splice(0).forEach((task) => task());
  return { window, app, menus, controller, runDeferred, refused };
}

const cmdQ = { key: 'q', code: 'KeyQ', meta: true };

describe('the kiosk controller on a window', () => {
  it('opens kiosk windows full screen in kiosk mode, and ordinary ones as they were', () => {
    expect(kioskWindowOptions(true)).toEqual({ kiosk: true, fullscreen: true });
    expect(kioskWindowOptions(false)).toEqual({});
  });

  it('while locked, swallows Cmd+Q and the other shortcuts, and says what it refused', () => {
    const { window, refused } = setup(LOCKED);
    expect(window.pressKey(cmdQ)).toBe(false);
    expect(window.pressKey({ key: 'r', code: 'KeyR', meta: true })).toBe(false);
    expect(window.pressKey({ key: 'F12', code: 'F12' })).toBe(false);
    expect(window.pressKey({ key: '4', code: 'Digit4' })).toBe(true);
    expect(refused).toEqual(['quit the app', 'reload the page', 'open the developer tools']);
  });

  it('uses the right primary modifier on Windows and Linux', () => {
    const { window } = setup(LOCKED, 'win32');
    expect(window.pressKey({ key: 'q', code: 'KeyQ', control: true })).toBe(false);
    expect(window.pressKey({ key: 'F4', code: 'F4', alt: true })).toBe(false);
  });

  it('while locked, keeps the window open and the app running', () => {
    const { window, app } = setup(LOCKED);
    expect(window.tryClose()).toBe(false);
    expect(app.tryQuit()).toBe(false);
  });

  it('while locked, takes focus back when the window loses it', () => {
    const { window, app, runDeferred } = setup(LOCKED);
    window.emit('blur');
    expect(window.focusCalls).toBe(0);
    runDeferred();
    expect(window.focusCalls).toBe(1);
    expect(app.stolenFocus).toBe(1);
  });

  it('does not take focus back if the station was unlocked in the meantime', () => {
    const { window, controller, runDeferred } = setup(LOCKED);
    window.emit('blur');
    controller.apply(UNLOCKED);
    runDeferred();
    expect(window.focusCalls).toBe(0);
  });

  it('once unlocked with the PIN, lets the admin use shortcuts, close and quit', () => {
    const { window, app, controller, runDeferred } = setup(LOCKED);
    controller.apply(UNLOCKED);
    expect(controller.guarded).toBe(false);
    expect(window.pressKey(cmdQ)).toBe(true);
    expect(window.tryClose()).toBe(true);
    expect(app.tryQuit()).toBe(true);
    window.emit('blur');
    runDeferred();
    expect(window.focusCalls).toBe(0);
    // Still a kiosk window: unlocking opens an admin window, it does not leave kiosk mode.
    expect(window.kiosk).toBe(true);
  });

  it('guards again, and comes to the front, when the station locks again', () => {
    const { window, app, controller } = setup(UNLOCKED);
    controller.apply(LOCKED);
    expect(window.focusCalls).toBe(1);
    expect(window.pressKey(cmdQ)).toBe(false);
    expect(app.tryQuit()).toBe(false);
  });

  it('switches the window and the menu into and out of kiosk mode', () => {
    const { window, controller, menus } = setup(OFF);
    expect(window.kiosk).toBe(false);
    expect(menuRoles(menus.at(-1) ?? [])).toContain('quit');
    expect(window.pressKey(cmdQ)).toBe(true);

    controller.apply(LOCKED);
    expect(window.kiosk).toBe(true);
    expect(menuRoles(menus.at(-1) ?? [])).not.toContain('quit');
    expect(menuRoles(menus.at(-1) ?? [])).not.toContain('services');

    controller.apply(OFF);
    expect(window.kiosk).toBe(false);
    expect(menuRoles(menus.at(-1) ?? [])).toContain('quit');
    expect(menus).toHaveLength(3);
  });

  it('does nothing to an ordinary bench window', () => {
    const { window, app } = setup(OFF);
    expect(window.tryClose()).toBe(true);
    expect(app.tryQuit()).toBe(true);
  });

  it('lets go of the window and the app when detached', () => {
    const { window, app, controller } = setup(LOCKED);
    controller.detach();
    expect(window.webContents.listenerCount('before-input-event')).toBe(0);
    expect(window.listenerCount('close')).toBe(0);
    expect(window.listenerCount('blur')).toBe(0);
    expect(app.listenerCount('before-quit')).toBe(0);
  });
});
