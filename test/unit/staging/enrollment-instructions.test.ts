import { describe, expect, it } from 'vitest';
import { enrollmentInstructionsHtml, localDateTime, PROFILES_SETTINGS_URL, type InstructionFacts } from '../../../src/main/staging/enrollment-instructions';

// The page the person at the target Mac reads: macOS's own words, a date people read, the link to
// the settings pane, and what to do when Apple Configurator takes the double-click.

const FACTS: InstructionFacts = {
  profileFileName: 'Contoso Macs.mobileconfig',
  profileName: 'Contoso Macs',
  organization: 'Contoso',
  mdmHost: 'fef.msuc06.manage.microsoft.com',
  validUntil: '2026-12-08T10:00:00.000Z',
  macOSVersion: '15.1',
  carrier: false,
  timeZone: 'Europe/Berlin',
};

describe('the staged instructions page', () => {
  const html = enrollmentInstructionsHtml(FACTS);

  it('says Enroll and names the Downloaded section, as macOS does', () => {
    expect(html).toContain('click <b>Enroll</b>');
    expect(html).toContain('under <b>Downloaded</b>');
    expect(html).toContain('System Settings › General › Device Management');
  });

  it('links to the profiles pane of System Settings', () => {
    expect(PROFILES_SETTINGS_URL).toBe('x-apple.systempreferences:com.apple.Profiles-Settings.extension');
    expect(html).toContain('<a href="x-apple.systempreferences:com.apple.Profiles-Settings.extension">open it in System Settings</a>');
  });

  it('shows “Install before” in local time, not ISO', () => {
    expect(html).toContain('<time datetime="2026-12-08T10:00:00.000Z">Tuesday 8 December 2026, 11:00 CET</time>');
    expect(html).not.toMatch(/>2026-12-08T/);
    expect(localDateTime('2026-07-01T10:00:00.000Z', 'America/New_York')).toMatch(/^Wednesday 1 July 2026, 06:00 /);
    expect(localDateTime('not a date')).toBe('not a date');
  });

  it('says what to do when Apple Configurator claims the double-click, first of all when it is installed', () => {
    expect(html).toContain('If <b>Apple Configurator</b> opens when you double-click the file, quit it.');
    const withConfigurator = enrollmentInstructionsHtml({ ...FACTS, configuratorInstalled: true });
    expect(withConfigurator).toContain('<p class="note">If <b>Apple Configurator</b> opens when you double-click the file (it is installed on this Mac), quit it.');
    expect(withConfigurator).toContain('click <b>+</b> under the list of profiles and choose the file');
  });

  it('on a carrier, speaks of this drive, not this Mac', () => {
    const carrier = enrollmentInstructionsHtml({ ...FACTS, carrier: true, macOSVersion: null });
    expect(carrier).toContain('<title>How to enroll a Mac from this drive</title>');
    expect(carrier).toContain('the <b>Contoso Macs.mobileconfig</b> file on this drive');
    expect(carrier).toContain('copied to this drive');
    expect(carrier).not.toContain('copied to this Mac');
  });
});
