import { describe, expect, it } from 'vitest';
import { benchMenuTemplate, type ShellRoute } from '../../src/main/electron/bench-menu';
import { menuAccelerators, menuRoles } from '../../src/main/electron/kiosk-menu';
import type { MenuTemplate } from '../../src/main/electron/kiosk-menu';

function find(template: MenuTemplate, label: string): { click?: () => void; accelerator?: string } | undefined {
  for (const item of template) {
    if (item.label === label) return item as { click?: () => void; accelerator?: string };
    if (Array.isArray(item.submenu)) {
      const found = find(item.submenu, label);
      if (found) return found;
    }
  }
  return undefined;
}

describe('the bench menu', () => {
  it('follows macOS conventions: Settings… on Cmd+,, Import Profile… on Cmd+O, screens on Cmd+1…3, Quit', () => {
    const shown: ShellRoute[] = [];
    let imported = 0;
    const template = benchMenuTemplate('darwin', { importProfile: () => (imported += 1), show: (r) => shown.push(r) }, { devTools: false });
    expect(menuAccelerators(template)).toEqual(expect.arrayContaining(['CmdOrCtrl+,', 'CmdOrCtrl+O', 'CmdOrCtrl+1', 'CmdOrCtrl+2', 'CmdOrCtrl+3']));
    expect(menuRoles(template)).toEqual(expect.arrayContaining(['quit', 'hide', 'copy', 'paste', 'windowMenu']));
    find(template, 'Settings…')?.click?.();
    find(template, 'Import Profile…')?.click?.();
    find(template, 'Log')?.click?.();
    expect(shown).toEqual(['settings', 'log']);
    expect(imported).toBe(1);
  });

  it('has the bench shortcuts of the browser: Cmd+R look again, Cmd+Return stage all ready, Cmd+F filter the log, the shortcut list', () => {
    const ran: string[] = [];
    for (const platform of ['darwin', 'linux'] as const) {
      const template = benchMenuTemplate(platform, { importProfile: () => {}, show: () => {}, run: (c) => ran.push(c) }, { devTools: false });
      expect(find(template, 'Look Again for Macs')?.accelerator).toBe('CmdOrCtrl+R');
      expect(find(template, 'Stage All Ready')?.accelerator).toBe('CmdOrCtrl+Enter');
      expect(find(template, 'Filter the Log…')?.accelerator).toBe('CmdOrCtrl+F');
      for (const label of ['Look Again for Macs', 'Stage All Ready', 'Filter the Log…', 'Keyboard Shortcuts (?)']) find(template, label)?.click?.();
    }
    expect(ran).toEqual(['rescan', 'stage-all', 'filter-log', 'shortcuts', 'rescan', 'stage-all', 'filter-log', 'shortcuts']);
  });

  it('offers developer tools only when they are switched on', () => {
    const commands = { importProfile: () => {}, show: () => {} };
    expect(menuRoles(benchMenuTemplate('darwin', commands, { devTools: false }))).not.toContain('toggleDevTools');
    expect(menuRoles(benchMenuTemplate('linux', commands, { devTools: true }))).toContain('toggleDevTools');
  });

  it('puts Settings in the File menu off macOS', () => {
    const template = benchMenuTemplate('linux', { importProfile: () => {}, show: () => {} }, { devTools: false });
    expect(template[0]?.label).toBe('File');
    expect(find(template, 'Settings')?.accelerator).toBe('CmdOrCtrl+,');
  });
});
