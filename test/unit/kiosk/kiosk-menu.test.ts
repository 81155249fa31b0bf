import { describe, expect, it } from 'vitest';
import {
  FORBIDDEN_KIOSK_ROLES,
  KIOSK_MENU_ROLES,
  kioskMenuTemplate,
  menuAccelerators,
  menuRoles,
} from '../../../src/main/electron/kiosk-menu';

describe('the kiosk menu', () => {
  for (const platform of ['darwin', 'win32', 'linux'] as const) {
    it(`on ${platform} has no role that quits, closes, reloads, hides, zooms or opens developer tools`, () => {
      const roles = menuRoles(kioskMenuTemplate(platform));
      expect(roles.filter((role) => FORBIDDEN_KIOSK_ROLES.has(role))).toEqual([]);
      expect(roles.filter((role) => !KIOSK_MENU_ROLES.has(role))).toEqual([]);
      expect(menuAccelerators(kioskMenuTemplate(platform))).toEqual([]);
    });
  }

  it('keeps copy and paste working in text fields on macOS (they need the Edit menu roles there)', () => {
    expect(menuRoles(kioskMenuTemplate('darwin'))).toEqual(expect.arrayContaining(['copy', 'paste', 'selectAll']));
  });

  it('has no menu bar at all on Windows and Linux', () => {
    expect(kioskMenuTemplate('win32')).toEqual([]);
    expect(kioskMenuTemplate('linux')).toEqual([]);
  });

  it('finds a forbidden role however deep it is nested (the check itself can fail)', () => {
    const sneaky = [{ label: 'Edit', submenu: [{ label: 'More', submenu: [{ role: 'quit' as const }] }] }];
    expect(menuRoles(sneaky)).toEqual(['quit']);
  });

});
