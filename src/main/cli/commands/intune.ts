import type { Command } from 'commander';
import { BenchError } from '../../../shared/errors';
import type { IntuneStatus } from '../../../shared/models/intune';
import type { Bench } from '../../core/create-bench';
import type { CliContext } from '../context';
import { EXIT, printJson } from '../io';
import { endedSessionLine, shortId, when } from './profile-output';

// `enrollment-bench intune …`: Intune through Microsoft Graph (docs/INTUNE.md). Each subcommand is
// contract calls on the same core the app uses. On plain Node there is no keychain: a device-code
// sign-in lasts for the command that made it (`--device-code`); scripts pass a token they got
// elsewhere in ENROLLMENT_BENCH_GRAPH_TOKEN. No token is ever printed.

interface JsonOption {
  json?: boolean;
  deviceCode?: boolean;
}

function describeStatus(status: IntuneStatus): string {
  const lines = [
    `Intune:          ${status.enabled ? 'on' : 'off (nothing is sent anywhere)'}`,
    `Signed in:       ${status.signedIn ? (status.credential === 'env-token' ? 'yes, with ENROLLMENT_BENCH_GRAPH_TOKEN' : `yes${status.account ? `, as ${status.account}` : ''}`) : 'no'}`,
    `Cloud:           ${status.cloud === 'usgov' ? 'US Government' : 'public'}`,
    `Graph:           ${status.graphUrl}`,
    `Tokens kept in:  ${status.tokenStorage === 'keychain' ? 'the OS keychain' : 'this process’s memory only'}`,
  ];
  if (status.refreshOffer) {
    lines.push(
      `Chosen profile:  ${status.refreshOffer.status} at ${when(status.refreshOffer.expiresAt)}: download "${status.refreshOffer.intuneProfileName}" again with \`intune fetch ${status.refreshOffer.intuneProfileId} --choose\``,
    );
  }
  if (status.polling.running) lines.push(`Following:       session ${status.polling.sessionId ?? ''}`);
  return `${lines.join('\n')}\n`;
}

export function registerIntuneCommand(program: Command, context: CliContext): void {
  const intune = program.command('intune').description('Intune through Microsoft Graph: profiles, serials, enrollment (optional, online)');
  const io = context.io;

  /** Run with the core, signing in with a device code first when asked (that sign-in lasts for this command). */
  const withIntune = (options: JsonOption, body: (bench: Bench) => Promise<number>) =>
    context.withBench(
      async (bench) => {
        if (options.deviceCode) await deviceCodeSignIn(bench, options.json === true);
        return body(bench);
      },
      { discovery: 'off', intune: { env: io.env } },
    );

  async function deviceCodeSignIn(bench: Bench, json: boolean): Promise<IntuneStatus> {
    const started = await bench.invoke('intuneSignIn', { method: 'device-code' });
    const prompt = started.pendingSignIn;
    // The prompt goes to stderr with --json, so stdout stays one JSON document.
    if (prompt) (json ? io.stderr : io.stdout)(`${prompt.message}\n`);
    // The sign-in completes in the core once the person has typed the code (MSAL polls the token
    // endpoint): wait for the pending prompt to go, then see whether it signed in.
    let status = await bench.invoke('getIntuneStatus', {});
    while (status.pendingSignIn) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = await bench.invoke('getIntuneStatus', {});
    }
    if (!status.signedIn) throw new BenchError('INTUNE_SIGN_IN_FAILED', 'the code was not accepted in time; see the log');
    return status;
  }

  intune
    .command('sign-in')
    .description('sign in with a device code (on plain Node the sign-in lasts only while this command runs)')
    .option('--json', 'print the status as JSON')
    .action(async (options: JsonOption) => {
      await withIntune({}, async (bench) => {
        const status = await deviceCodeSignIn(bench, options.json === true);
        if (options.json) printJson(io, status);
        else {
          io.stdout(`Signed in${status.account ? ` as ${status.account}` : ''}.\n`);
          if (status.tokenStorage === 'memory')
            io.stdout(
              'There is no keychain here, so the sign-in ends with this command: use --device-code on each command, or ENROLLMENT_BENCH_GRAPH_TOKEN for scripts.\n',
            );
        }
        return EXIT.ok;
      });
    });

  intune
    .command('sign-out')
    .description('forget the Intune sign-in')
    .option('--json', 'print the status as JSON')
    .action(async (options: JsonOption) => {
      await withIntune({}, async (bench) => {
        const status = await bench.invoke('intuneSignOut', {});
        if (options.json) printJson(io, status);
        else
          io.stdout(
            status.credential === 'env-token' ? 'Signed out; ENROLLMENT_BENCH_GRAPH_TOKEN is still set in this environment.\n' : 'Signed out.\n',
          );
        return EXIT.ok;
      });
    });

  intune
    .command('status')
    .description('whether Intune is on and signed in')
    .option('--json', 'print one JSON object')
    .action(async (options: JsonOption) => {
      await withIntune({}, async (bench) => {
        const status = await bench.invoke('getIntuneStatus', {});
        if (options.json) printJson(io, status);
        else io.stdout(describeStatus(status));
        return EXIT.ok;
      });
    });

  intune
    .command('profiles')
    .description('list the tenant’s Apple Configurator enrollment profiles')
    .option('--json', 'print one JSON object')
    .option('--device-code', 'sign in with a device code first')
    .action(async (options: JsonOption) => {
      await withIntune(options, async (bench) => {
        const { profiles } = await bench.invoke('listIntuneProfiles', {});
        if (options.json) printJson(io, { profiles });
        else if (profiles.length === 0) io.stdout('Intune has no Apple Configurator enrollment profiles.\n');
        else for (const p of profiles) io.stdout(`${p.id}  ${p.displayName}${p.description ? `  (${p.description})` : ''}\n`);
        return EXIT.ok;
      });
    });

  intune
    .command('fetch')
    .description('download a profile’s direct-enrollment export from Intune into the library')
    .argument('<profile-id>', 'the Intune profile id (see `intune profiles`)')
    .option('--choose', 'choose it for staging')
    .option('--json', 'print one JSON object')
    .option('--device-code', 'sign in with a device code first')
    .action(async (profileId: string, options: JsonOption & { choose?: boolean }) => {
      if (!/^[A-Za-z0-9-]{1,100}$/.test(profileId)) throw new BenchError('USAGE', `not an Intune profile id: ${profileId.slice(0, 100)}`);
      await withIntune(options, async (bench) => {
        const result = await bench.invoke('fetchIntuneProfile', { intuneProfileId: profileId, choose: options.choose === true });
        if (options.json) printJson(io, result);
        else {
          io.stdout(
            `Downloaded "${result.intuneProfileName}" from Intune at ${when(result.downloadedAt)}: ${shortId(result.profileId)} in the library, valid until ${when(result.expiresAt)}` +
              `${result.alreadyPresent ? ' (the same bytes were already there)' : ''}${result.chosen ? '; chosen for staging' : ''}.\n`,
          );
          if (result.endedSession) io.stdout(endedSessionLine(result.endedSession));
        }
        return EXIT.ok;
      });
    });

  intune
    .command('upload-serials')
    .description('upload the session’s serials to Intune as corporate identifiers (serialNumber)')
    .option('--session <id>', 'session id (the open one, else the newest)')
    .option('--json', 'print one JSON object')
    .option('--device-code', 'sign in with a device code first')
    .action(async (options: JsonOption & { session?: string }) => {
      await withIntune(options, async (bench) => {
        const result = await bench.invoke('uploadIntuneSerials', options.session ? { sessionId: options.session } : {});
        const refused = result.serials.filter((s) => s.outcome !== 'imported');
        if (options.json) printJson(io, result);
        else {
          if (result.serials.length === 0) io.stdout('No serial number to upload in this session.\n');
          for (const s of result.serials) io.stdout(`${s.serial}  ${s.outcome}${s.enrollmentState ? ` (${s.enrollmentState})` : ''}\n`);
          if (result.withoutSerial.length > 0)
            io.stderr(`Left out ${result.withoutSerial.length} staged Mac(s) without a serial number: ${result.withoutSerial.join(', ')}\n`);
        }
        return refused.length > 0 ? EXIT.intune : EXIT.ok;
      });
    });

  intune
    .command('sync')
    .description('look the session’s Macs up in Intune by serial; those found are enrolled, confirmed by Intune')
    .option('--session <id>', 'session id (the open one, else the newest)')
    .option('--json', 'print one JSON object')
    .option('--device-code', 'sign in with a device code first')
    .action(async (options: JsonOption & { session?: string }) => {
      await withIntune(options, async (bench) => {
        const result = await bench.invoke('syncIntuneEnrollment', options.session ? { sessionId: options.session } : {});
        if (options.json) printJson(io, result);
        else {
          if (result.devices.length === 0) io.stdout('No Mac with a serial number in this session.\n');
          for (const d of result.devices) {
            const e = d.evidence;
            const facts = e
              ? ` (enrolled ${e.enrolledDateTime ? when(e.enrolledDateTime) : 'at an unknown time'}, profile "${e.enrollmentProfileName ?? '—'}", ${e.operatingSystem ?? 'macOS'} ${e.osVersion ?? '?'})`
              : '';
            io.stdout(`${d.serial}  ${d.outcome}${facts}\n`);
            if (e?.otherProfile)
              io.stderr(
                `Warning: ${d.serial} enrolled under "${e.enrollmentProfileName ?? 'no profile'}", not under "${e.expectedProfileName ?? ''}".\n`,
              );
          }
        }
        return EXIT.ok;
      });
    });
}
