// Application menus as pure templates (type import only, so unit tests run them on plain Node).
// A menu role is a shortcut too: Electron binds Cmd+Q to the 'quit' role, Cmd+R to 'reload',
// and so on, and on macOS those bindings work even when the menu bar is hidden. The kiosk menu
// therefore carries only the roles in KIOSK_MENU_ROLES: editing, which macOS needs for copy and
// paste in text fields, and nothing that quits, closes, reloads, hides or opens developer tools.
import type { MenuItemConstructorOptions } from 'electron';

type Role = NonNullable<MenuItemConstructorOptions['role']>;
/** A menu template, for code outside this folder that must not name 'electron'. */
export type MenuTemplate = MenuItemConstructorOptions[];

export const KIOSK_MENU_ROLES: ReadonlySet<Role> = new Set<Role>(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);

/** Roles a kiosk menu must never carry (named so the test can say which one slipped in). */
export const FORBIDDEN_KIOSK_ROLES: ReadonlySet<Role> = new Set<Role>([
  'quit',
  'close',
  'reload',
  'forceReload',
  'toggleDevTools',
  'minimize',
  'hide',
  'hideOthers',
  'unhide',
  'zoom',
  'zoomIn',
  'zoomOut',
  'resetZoom',
  'togglefullscreen',
  'front',
  'services',
  'window',
  'appMenu',
  'fileMenu',
  'viewMenu',
  'windowMenu',
]);

/**
 * The menu of a kiosk station. On macOS the first menu is the application menu and cannot be
 * removed, so it holds one disabled line; elsewhere there is no menu bar at all.
 */
export function kioskMenuTemplate(platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  if (platform !== 'darwin') return [];
  return [
    { label: 'Enrollment Bench', submenu: [{ label: 'Kiosk mode: an admin PIN is needed to leave', enabled: false }] },
    {
      label: 'Edit',
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
    },
  ];
}

/** Every role in a template, submenus included. */
export function menuRoles(template: readonly MenuItemConstructorOptions[]): Role[] {
  return template.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? menuRoles(item.submenu) : []),
  ]);
}

/** Every accelerator in a template, submenus included. */
export function menuAccelerators(template: readonly MenuItemConstructorOptions[]): string[] {
  return template.flatMap((item) => [
    ...(item.accelerator ? [item.accelerator] : []),
    ...(Array.isArray(item.submenu) ? menuAccelerators(item.submenu) : []),
  ]);
}
