// The ordinary application menu, as a pure template (type import only, tested on plain Node).
// macOS conventions: the app menu with Settings… (Cmd+,), File › Import Profile… (Cmd+O), screens
// on Cmd+1…4, standard Edit and Window menus. Developer tools only when explicitly enabled.
import type { MenuItemConstructorOptions } from 'electron';
import type { BenchCommand } from '../../shared/contract/bridge-api';

export type ShellRoute = 'bench' | 'profiles' | 'log' | 'settings' | 'about';

export interface BenchMenuCommands {
  readonly importProfile: () => void;
  readonly show: (route: ShellRoute) => void;
  /** A bench command the renderer carries out (the same shortcut works in a browser). */
  readonly run?: (command: BenchCommand) => void;
}

export function benchMenuTemplate(platform: NodeJS.Platform, commands: BenchMenuCommands, options: { devTools: boolean }): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const settings: MenuItemConstructorOptions = { label: mac ? 'Settings…' : 'Settings', accelerator: 'CmdOrCtrl+,', click: () => commands.show('settings') };
  const screens: MenuItemConstructorOptions[] = [
    { label: 'Bench', accelerator: 'CmdOrCtrl+1', click: () => commands.show('bench') },
    { label: 'Profiles', accelerator: 'CmdOrCtrl+2', click: () => commands.show('profiles') },
    { label: 'Log', accelerator: 'CmdOrCtrl+3', click: () => commands.show('log') },
  ];
  const run = (command: BenchCommand) => () => commands.run?.(command);
  const bench: MenuItemConstructorOptions = {
    label: 'Bench',
    submenu: [
      { label: 'Look Again for Macs', accelerator: 'CmdOrCtrl+R', click: run('rescan') },
      { label: 'Stage All Ready', accelerator: 'CmdOrCtrl+Enter', click: run('stage-all') },
      { type: 'separator' },
      { label: 'Filter the Log…', accelerator: 'CmdOrCtrl+F', click: run('filter-log') },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      ...screens,
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(options.devTools ? ([{ type: 'separator' }, { role: 'toggleDevTools' }] as MenuItemConstructorOptions[]) : []),
    ],
  };
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Import Profile…', accelerator: 'CmdOrCtrl+O', click: () => commands.importProfile() },
      ...(mac ? [] : [settings]),
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };
  const help: MenuItemConstructorOptions = {
    label: 'Help',
    submenu: [
      // No accelerator: a bare "?" in the menu would swallow every ? typed into a field. The
      // renderer answers the ? key itself, outside fields.
      { label: 'Keyboard Shortcuts (?)', click: run('shortcuts') },
      { label: 'About Enrollment Bench', click: () => commands.show('about') },
    ],
  };
  if (!mac) return [file, edit, bench, view, help];
  return [
    {
      label: 'Enrollment Bench',
      submenu: [
        { label: 'About Enrollment Bench', click: () => commands.show('about') },
        { type: 'separator' },
        settings,
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    file,
    edit,
    bench,
    view,
    { role: 'windowMenu' },
    help,
  ];
}
