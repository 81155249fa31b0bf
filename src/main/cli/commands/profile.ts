import path from 'node:path';
import { calls } from '../../../shared/contract';
import type { Command } from 'commander';
import { BenchError } from '../../../shared/errors';
import type { ProfileInspection } from '../../../shared/models/profile';
import { profileVerdict } from '../../../shared/rules/profile-evaluation';
import { fixedClock } from '../../platform/clock';
import type { Bench } from '../../core/create-bench';
import type { CliContext } from '../context';
import { EXIT, printJson } from '../io';
import { endedSessionLine, formatInspection, formatList, shortId, verdictLine } from './profile-output';

// `enrollment-bench profile …`: the profile library from the command line, for people and for
// scripts (--json, and exit codes 0 usable, 1 usage/IO, 2 not a usable enrollment profile or
// unreadable, 3 expired). Each subcommand is one or two contract calls.

interface Options {
  readonly json?: boolean;
  readonly now?: string;
  readonly downloadedAt?: string;
}

/** An instant given on the command line; anything Date can read, within years 1970–8999. */
function instant(option: string, value: string): string {
  const ms = Date.parse(value);
  if (!Number.isFinite(ms) || ms < 0 || ms >= Date.UTC(9000, 0, 1)) throw new BenchError('USAGE', `${option} "${value}" is not a date and time (use ISO 8601, e.g. 2026-11-26T09:00:00Z)`);
  return new Date(ms).toISOString();
}

const clockOverride = (options: Options) => (options.now === undefined ? {} : { clock: fixedClock(instant('--now', options.now)) });
const downloadedAt = (options: Options) => (options.downloadedAt === undefined ? {} : { downloadedAt: instant('--downloaded-at', options.downloadedAt) });

function exitCodeForInspection(inspection: ProfileInspection): number {
  const verdict = profileVerdict(inspection);
  return verdict === 'usable' ? EXIT.ok : verdict === 'expired' ? EXIT.expiredProfile : EXIT.unusableProfile;
}

/** A full id, or a unique prefix of at least 6 characters as shown by `profile list`. */
export async function resolveProfileId(bench: Bench, given: string): Promise<string> {
  const wanted = given.toLowerCase();
  if (/^[0-9a-f]{64}$/.test(wanted)) return wanted;
  if (!/^[0-9a-f]{6,63}$/.test(wanted)) throw new BenchError('USAGE', `"${given}" is not a profile id (64 hex characters, or the first 6 or more)`);
  const matches = (await bench.invoke('listProfiles', {})).profiles.filter((p) => p.id.startsWith(wanted));
  if (matches.length === 0) throw new BenchError('PROFILE_NOT_FOUND', given);
  if (matches.length > 1) throw new BenchError('USAGE', `"${given}" matches ${matches.length} profiles; give more characters`);
  return (matches[0] as { id: string }).id;
}

/** A subcommand with the options it shares with the others: --json always, --now and --downloaded-at when asked. */
function subcommand(parent: Command, name: string, description: string, options: { now?: string; downloadedAt?: boolean } = {}): Command {
  const command = parent.command(name).description(description).option('--json', 'print one JSON object');
  if (options.now) command.option('--now <iso>', options.now);
  if (options.downloadedAt) command.option('--downloaded-at <iso>', 'when the file was downloaded, if you know');
  return command;
}

const EVALUATE_AT = 'evaluate expiry at this instant instead of now';

export function registerProfileCommand(program: Command, context: CliContext): void {
  const { io } = context;
  const profile = program.command('profile').description('inspect enrollment profiles and manage the profile library');

  subcommand(profile, 'inspect', calls.inspectProfileFile.summary, { now: EVALUATE_AT, downloadedAt: true })
    .argument('<file>', 'the profile file')
    .action(async (file: string, options: Options) => {
      await context.withBench(async (bench) => {
        const inspection = await bench.invoke('inspectProfileFile', { path: path.resolve(file), ...downloadedAt(options) });
        if (options.json) printJson(io, inspection);
        else io.stdout(formatInspection(inspection));
        return exitCodeForInspection(inspection);
      }, clockOverride(options));
    });

  subcommand(profile, 'import', calls.importProfileFromPath.summary, { now: EVALUATE_AT, downloadedAt: true })
    .argument('<file>', 'the profile file')
    .action(async (file: string, options: Options) => {
      await context.withBench(async (bench) => {
        const outcome = await bench.invoke('importProfileFromPath', { path: path.resolve(file), ...downloadedAt(options) });
        if (options.json) printJson(io, outcome);
        else {
          const id = shortId(outcome.profile.id);
          io.stdout(`${outcome.alreadyPresent ? `Already in the library as ${id} (the same bytes).` : `Imported ${outcome.profile.fileName} as ${id}.`}\n`);
          io.stdout(formatInspection(outcome.profile));
        }
        return exitCodeForInspection(outcome.profile);
      }, clockOverride(options));
    });

  subcommand(profile, 'list', calls.listProfiles.summary, { now: EVALUATE_AT })
    .action(async (options: Options) => {
      await context.withBench(async (bench) => {
        const list = await bench.invoke('listProfiles', {});
        if (options.json) printJson(io, list);
        else io.stdout(formatList(list));
        return EXIT.ok;
      }, clockOverride(options));
    });

  subcommand(profile, 'show', calls.getProfile.summary, { now: EVALUATE_AT })
    .argument('<id>', 'its id, or the first 6 or more characters of it')
    .action(async (id: string, options: Options) => {
      await context.withBench(async (bench) => {
        const found = await bench.invoke('getProfile', { id: await resolveProfileId(bench, id) });
        if (options.json) printJson(io, found);
        else io.stdout(`${found.id}  ${found.fileName}, imported ${found.importedAt}${found.chosen ? ', chosen' : ''}\n${formatInspection(found)}`);
        return exitCodeForInspection(found);
      }, clockOverride(options));
    });

  subcommand(profile, 'remove', calls.removeProfile.summary)
    .argument('<id>', 'its id, or the first 6 or more characters of it')
    .action(async (id: string, options: Options) => {
      await context.withBench(async (bench) => {
        const result = await bench.invoke('removeProfile', { id: await resolveProfileId(bench, id) });
        if (options.json) printJson(io, result);
        else io.stdout(`Removed ${shortId(result.removed)} from the library.\n`);
        return EXIT.ok;
      });
    });

  subcommand(profile, 'purge-expired', calls.purgeExpiredProfiles.summary, { now: 'decide what has expired at this instant instead of now' })
    .action(async (options: Options) => {
      await context.withBench(async (bench) => {
        const result = await bench.invoke('purgeExpiredProfiles', {});
        if (options.json) printJson(io, result);
        else io.stdout(result.removed.length === 0 ? 'No expired profiles.\n' : `Removed ${result.removed.length} expired profile(s): ${result.removed.map(shortId).join(', ')}\n`);
        return EXIT.ok;
      }, clockOverride(options));
    });

  subcommand(profile, 'choose', `${calls.chooseProfile.summary} "none" clears the choice.`, { now: 'check expiry at this instant instead of now' })
    .argument('<id>', 'its id, the first 6 or more characters of it, or "none"')
    .action(async (id: string, options: Options) => {
      await context.withBench(async (bench) => {
        const result = await bench.invoke('chooseProfile', { id: id === 'none' ? null : await resolveProfileId(bench, id) });
        if (options.json) printJson(io, result);
        else if (result.chosenProfileId === null) io.stdout('No profile is chosen.\n');
        else {
          const chosen = await bench.invoke('getProfile', { id: result.chosenProfileId });
          io.stdout(`Chosen: ${shortId(chosen.id)} ${chosen.displayName ?? chosen.fileName}\n${verdictLine(chosen)}\n`);
        }
        if (!options.json && result.endedSession) io.stdout(endedSessionLine(result.endedSession));
        return EXIT.ok;
      }, clockOverride(options));
    });
}
