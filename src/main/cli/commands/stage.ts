import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { BenchError } from '../../../shared/errors';
import { isFinal, isStaged } from '../../../shared/rules/job-outcome';
import { normaliseSerial } from '../../../shared/rules/serial-number';
import type { Job } from '../../../shared/models/job';
import { volumePathsOf, type Target } from '../../../shared/models/target';
import type { Bench } from '../../core/create-bench';
import type { CliContext } from '../context';
import { EXIT, printJson } from '../io';
import { resolveProfileId } from './profile';

// `enrollment-bench stage`: one scripted staging session. Import (or name) a profile, look at the
// attached targets once, record serial numbers, stage, wait for every target to finish, print one
// line (or one JSON result) per target, end the session. Whether the profile may be staged and
// whether each target may receive it is the core's staging policy (every door gets the same
// answers); this command only reports them: every target asked for (with --all: every target
// attached, blocked ones with their code). Exit 0 when every target is staged (or already was),
// 4 when any was not (or nothing is attached: NO_TARGETS), 3 when the profile has expired, 2 when
// it is not usable. Every argument is checked before anything starts.

interface StageOptions {
  readonly profile: string;
  readonly target: string[];
  readonly all?: boolean;
  readonly mounts: string[];
  readonly serial: string[];
  readonly concurrency?: string;
  readonly json?: boolean;
}

export interface StageResult {
  readonly targetId: string;
  readonly name: string;
  readonly mountPoint: string | null;
  readonly state: Job['state'];
  readonly path: string | null;
  readonly sha256: string | null;
  readonly code: string | null;
  readonly message: string | null;
}

/** Where a target is mounted (a USB device is not a volume). */
const mountPointOf = (target: Target | undefined): string | null => (target && target.kind !== 'usb-device' ? target.mountPoint : null);

const repeatable = (value: string, all: string[]) => [...all, value];

/** A target named by its id or by any of its mount paths. */
export function findTarget(targets: readonly Target[], given: string): Target | undefined {
  const byId = targets.find((t) => t.id === given);
  if (byId) return byId;
  const wanted = path.resolve(given);
  return targets.find((t) => volumePathsOf(t).some((p) => path.resolve(p) === wanted));
}

async function profileIdFor(bench: Bench, given: string): Promise<string> {
  // An existing file is imported first (the library keeps the copy that is staged); anything
  // else is a library id or a unique prefix of one.
  if (fs.existsSync(given) && fs.statSync(given).isFile()) {
    const imported = await bench.invoke('importProfileFromPath', { path: path.resolve(given) });
    return imported.profile.id;
  }
  return resolveProfileId(bench, given);
}

/**
 * Follow job changes from before staging starts (a small profile can be staged before the call
 * that queued it has returned), then wait until the jobs of a session have all finished.
 */
function watchJobs(bench: Bench) {
  const latest = new Map<string, Job>();
  const waiters = new Set<() => void>();
  const unsubscribe = bench.subscribe((event) => {
    if (event.name !== 'jobChanged') return;
    latest.set(event.payload.id, event.payload);
    waiters.forEach((wake) => wake());
  });
  return {
    async until(sessionId: string, jobs: readonly Job[]): Promise<Job[]> {
      const current = () => jobs.map((j) => latest.get(j.id) ?? j);
      const done = () => current().every((j) => j.sessionId === sessionId && isFinal(j.state));
      while (!done()) await new Promise<void>((wake) => waiters.add(wake));
      return current();
    },
    stop: unsubscribe,
  };
}

function describe(result: StageResult): string {
  const where = result.path ?? result.mountPoint ?? '';
  const why = result.message ? `: ${result.message}` : '';
  const code = result.code && result.code !== 'ALREADY_STAGED' ? ` [${result.code}]` : '';
  const state = result.code === 'ALREADY_STAGED' ? 'already staged' : result.state;
  return `${result.name} — ${state}${why}${code}${where ? `\n    ${where}` : ''}`;
}

export function registerStageCommand(program: Command, context: CliContext): void {
  program
    .command('stage')
    .description('stage an enrollment profile on attached Macs (and carrier drives), verified and journalled')
    .requiredOption('--profile <file|id>', 'a .mobileconfig file (imported first) or a library id / 6+ character prefix')
    .option('--target <path|id>', 'a target id or any of its mount paths (repeatable)', repeatable, [] as string[])
    .option('--all', 'every target that is ready to stage')
    .option('--mounts <dir>', 'also treat the folders in this directory as volumes (repeatable)', repeatable, [] as string[])
    .option('--serial <target=serial>', 'record a serial number for a target (repeatable)', repeatable, [] as string[])
    .option('--concurrency <n>', 'Macs staged at the same time (default: the setting, 8)')
    .option('--json', 'print one JSON object with a result per target')
    .action(async (options: StageOptions) => {
      if (Boolean(options.all) === options.target.length > 0) {
        throw new BenchError('USAGE', 'name the targets with --target PATH|ID (repeatable), or use --all');
      }
      const concurrency = options.concurrency === undefined ? undefined : Number(options.concurrency);
      if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)) {
        throw new BenchError('USAGE', `--concurrency must be a whole number from 1 to 64, not ${options.concurrency}`);
      }
      // Every --serial is checked before a session starts: a typo must not leave half a run behind.
      const serials = options.serial.map((pair) => {
        const at = pair.lastIndexOf('=');
        const given = at > 0 ? pair.slice(0, at) : '';
        const serial = at > 0 ? pair.slice(at + 1) : '';
        if (!given || !serial) throw new BenchError('USAGE', `--serial takes TARGET=SERIAL, not "${pair}"`);
        const check = normaliseSerial(serial);
        if (!check.ok) throw new BenchError('SERIAL_INVALID', `--serial ${pair}: ${check.reason}`);
        return { given, serial: check.serial };
      });
      await context.withBench(
        async (bench) => {
          const profileId = await profileIdFor(bench, options.profile);
          const profile = await bench.invoke('getProfile', { id: profileId });
          const targets = await bench.invoke('rescanTargets', {});
          const resolve = (given: string, option: string) => {
            const target = findTarget(targets, given);
            if (!target) throw new BenchError('TARGET_NOT_FOUND', `${option} ${given} (run \`enrollment-bench targets\` to see what is attached)`);
            return target.id;
          };
          // --all is every attached target, ready or not: the core records a blocked job (with
          // the verdict's code) for each one its policy refuses, so the report leaves none out.
          const ids =
            options.all === true
              ? targets.length > 0
                ? targets.map((t) => t.id)
                : ('all' as const)
              : options.target.map((given) => resolve(given, '--target'));
          const serialFor = serials.map(({ given, serial }) => ({ targetId: resolve(given, '--serial'), serial }));

          const watcher = watchJobs(bench);
          const { sessionId, jobs } = await bench.invoke('stageWithProfile', { profileId, targetIds: ids, newSession: true });
          // Serials go into the session just started, before the results are read.
          for (const { targetId, serial } of serialFor) await bench.invoke('setTargetSerial', { targetId, serial, sessionId });
          const finished = await watcher.until(sessionId, jobs);
          watcher.stop();
          // A journal that failed mid-batch may refuse this too: the results below are still printed
          // (each job carries JOURNAL_UNAVAILABLE), and the next start ends the session.
          const ended = await bench.invoke('endSession', { sessionId }).then(() => null, (error: unknown) => error);
          if (ended instanceof BenchError) context.io.stderr(`enrollment-bench: the session could not be ended: ${ended.message} [${ended.code}]\n`);

          const byId = new Map(targets.map((t) => [t.id, t]));
          const results: StageResult[] = finished.map((job) => ({
            targetId: job.targetId,
            name: byId.get(job.targetId)?.name ?? job.targetId,
            mountPoint: mountPointOf(byId.get(job.targetId)),
            state: job.state,
            path: job.path,
            sha256: job.sha256,
            code: job.code,
            message: job.message,
          }));
          const expired = results.some((r) => r.code === 'PROFILE_EXPIRED');
          const failed = results.length === 0 || results.some((r) => !isStaged(r.state));
          if (options.json) {
            printJson(context.io, {
              sessionId,
              profile: { id: profile.id, displayName: profile.displayName, expiresAt: profile.expiry.expiresAt, status: profile.expiry.status },
              results,
            });
          } else {
            if (results.length === 0) context.io.stdout('No target was ready to stage.\n');
            for (const result of results) context.io.stdout(`${describe(result)}\n`);
            const staged = results.filter((r) => isStaged(r.state)).length;
            context.io.stdout(`${staged} of ${results.length} staged. Session ${sessionId}.\n`);
          }
          if (results.length === 0) context.io.stderr('enrollment-bench: no target was ready to stage\n');
          return expired ? EXIT.expiredProfile : failed ? EXIT.stagingFailed : EXIT.ok;
        },
        { mountRoots: options.mounts, discovery: 'off', ...(concurrency ? { concurrency } : {}) },
      );
    });
}
