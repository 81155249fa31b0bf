import type { Command } from 'commander';
import { calls } from '../../../shared/contract';
import { BenchError } from '../../../shared/errors';
import { DEFAULT_SETTINGS, Settings } from '../../../shared/models/settings';
import type { CliContext } from '../context';
import { EXIT, printJson } from '../io';

// `enrollment-bench settings get|set`: the bench's settings, as the Settings screen shows and
// changes them (the same contract calls; `updateSettings` is an admin call).

type SettingKey = keyof Settings;
const KEYS = Object.keys(DEFAULT_SETTINGS) as SettingKey[];

function settingKey(given: string): SettingKey {
  const key = KEYS.find((k) => k.toLowerCase() === given.toLowerCase());
  if (!key) throw new BenchError('USAGE', `no setting is called "${given}"; the settings are ${KEYS.join(', ')}`);
  return key;
}

/** A value typed on the command line, read as the setting's own type and checked by its schema. */
export function parseSettingValue(key: SettingKey, text: string): Settings[SettingKey] {
  const sample = DEFAULT_SETTINGS[key];
  let value: unknown = text;
  if (typeof sample === 'boolean') {
    if (/^(true|on|yes)$/i.test(text)) value = true;
    else if (/^(false|off|no)$/i.test(text)) value = false;
    else throw new BenchError('USAGE', `${key} is on or off, not "${text}"`);
  } else if (typeof sample === 'number') {
    value = /^\s*-?\d+\s*$/.test(text) ? Number(text) : NaN;
    if (Number.isNaN(value)) throw new BenchError('USAGE', `${key} is a whole number, not "${text}"`);
  } else if (Array.isArray(sample)) {
    // A list: a JSON array, or comma-separated (empty: none).
    if (text.trim().startsWith('[')) {
      try {
        value = JSON.parse(text);
      } catch {
        throw new BenchError('USAGE', `${key}: "${text}" is not a JSON array`);
      }
    } else
      value =
        text.trim() === ''
          ? []
          : text
              .split(',')
              .map((s) => s.trim())
              .filter((s) => s !== '');
  }
  const checked = Settings.shape[key].safeParse(value);
  if (!checked.success) throw new BenchError('USAGE', `${key}: ${checked.error.issues.map((i) => i.message).join('; ')}`);
  return checked.data;
}

const show = (value: unknown) =>
  Array.isArray(value)
    ? value.length
      ? value.join(', ')
      : '(none)'
    : typeof value === 'boolean'
      ? value
        ? 'on'
        : 'off'
      : String(value === '' ? '(not set)' : value);

export function registerSettingsCommand(program: Command, context: CliContext): void {
  const settings = program.command('settings').description('show or change the bench settings (as the Settings screen does)');
  settings
    .command('get')
    .description(`${calls.getSettings.summary} One setting when KEY is given.`)
    .argument('[key]', `one of ${KEYS.join(', ')}`)
    .option('--json', 'print JSON')
    .action(async (given: string | undefined, options: { json?: boolean }) => {
      const key = given === undefined ? null : settingKey(given);
      await context.withBench(async (bench) => {
        const current = await bench.invoke('getSettings', {});
        if (options.json) printJson(context.io, key ? { [key]: current[key] } : current);
        else if (key) context.io.stdout(`${show(current[key])}\n`);
        else for (const k of KEYS) context.io.stdout(`${k.padEnd(20)} ${show(current[k])}\n`);
        return EXIT.ok;
      });
    });
  settings
    .command('set')
    .description(`${calls.updateSettings.summary} Lists: comma-separated or a JSON array; switches: on/off.`)
    .argument('<key>', `one of ${KEYS.join(', ')}`)
    .argument('<value>', 'the new value')
    .option('--json', 'print the settings after the change as JSON')
    .action(async (given: string, text: string, options: { json?: boolean }) => {
      // Checked before the bench opens: a typo changes nothing.
      const key = settingKey(given);
      const value = parseSettingValue(key, text);
      await context.withBench(async (bench) => {
        const next = await bench.invoke('updateSettings', { [key]: value });
        if (options.json) printJson(context.io, next);
        else context.io.stdout(`${key} is now ${show(next[key])}\n`);
        return EXIT.ok;
      });
    });
}
