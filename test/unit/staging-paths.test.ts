import { describe, expect, it } from 'vitest';
import { forbiddenStagingTree, STAGED_NAME_MAX, stagedFileName, stagedRelativePath } from '../../src/shared/rules/staging-paths';

describe('the staged file name', () => {
  it.each([
    ['Contoso Macs', 'Contoso Macs.mobileconfig'],
    ['Warehouse / Bench 2', 'Warehouse - Bench 2.mobileconfig'],
    ['..\\..\\etc\\passwd', 'etc-passwd.mobileconfig'],
    ['../../Library', 'Library.mobileconfig'],
    ['  spaced   out  ', 'spaced out.mobileconfig'],
    ['Company: "Macs" <2026>?', 'Company- -Macs- -2026--.mobileconfig'],
    ['Profil für Geräte — Lager', 'Profil für Geräte — Lager.mobileconfig'],
    ['evil\u202egifnoc', 'evil-gifnoc.mobileconfig'],
    ['line\nbreak\ttab', 'line-break-tab.mobileconfig'],
    ['already.mobileconfig', 'already.mobileconfig'],
    ['', 'Enrollment Profile.mobileconfig'],
    [null, 'Enrollment Profile.mobileconfig'],
    ['...', 'Enrollment Profile.mobileconfig'],
  ])('%j → %j', (input, expected) => {
    expect(stagedFileName(input)).toBe(expected);
  });

  it('never contains a path separator and is at most the fixed length', () => {
    const name = stagedFileName('x/'.repeat(500));
    expect(name).not.toMatch(/[/\\]/);
    expect(Array.from(name.replace(/\.mobileconfig$/, '')).length).toBeLessThanOrEqual(STAGED_NAME_MAX);
  });

  it('puts a Mac profile in Users/Shared/Enrollment and a carrier profile at the root', () => {
    expect(stagedRelativePath('mac-volume', 'Contoso')).toEqual(['Users', 'Shared', 'Enrollment', 'Contoso.mobileconfig']);
    expect(stagedRelativePath('carrier', 'Contoso')).toEqual(['Contoso.mobileconfig']);
  });
});

describe('macOS’s own profile store is never a staging place', () => {
  it.each([
    ['/Volumes/Macintosh HD - Data/private/var/db/ConfigurationProfiles/Setup', 'private/var/db/ConfigurationProfiles'],
    ['/Volumes/Macintosh HD - Data/private/var/db/ConfigurationProfiles', 'private/var/db/ConfigurationProfiles'],
    ['/Volumes/Mac/PRIVATE/var/DB/configurationprofiles/Store', 'private/var/db/ConfigurationProfiles'],
    ['/var/db/ConfigurationProfiles/Setup/x.mobileconfig', 'var/db/ConfigurationProfiles'],
  ])('%s is under %s', (file, tree) => {
    expect(forbiddenStagingTree(file)).toBe(tree);
  });

  it.each(['/Volumes/Macintosh HD - Data/Users/Shared/Enrollment', '/Volumes/Mac/private/var/db/ConfigurationProfilesBackup', '/Volumes/STICK'])('%s is allowed', (file) => {
    expect(forbiddenStagingTree(file)).toBeNull();
  });

  it('takes segments too', () => {
    expect(forbiddenStagingTree(['private', 'var', 'db', 'ConfigurationProfiles', 'Setup'])).toBe('private/var/db/ConfigurationProfiles');
    expect(forbiddenStagingTree(stagedRelativePath('mac-volume', 'Contoso'))).toBeNull();
  });
});
