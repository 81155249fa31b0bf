import fs from 'node:fs';
import { calls } from '../../../shared/contract';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { BenchError } from '../../../shared/errors';
import type { JournalEvent } from '../../../shared/models/session';
import type BetterSqlite3 from 'better-sqlite3';
import type { Bench } from '../../core/create-bench';
import { checkJournalIntegrity } from '../../journal/database';
import { requireNative } from '../../native/load-native';
import { resolveDataDir } from '../../platform/data-dir';
import { safeText } from '../../../shared/safe-text';
import type { CliContext } from '../context';
import { EXIT, printJson } from '../io';

async function latestSessionId(bench: Bench, explicit: string | undefined): Promise<string> {
  if (explicit) return explicit;
  const [latest] = await bench.invoke('listSessions', {});
  if (!latest) throw new BenchError('USAGE', 'no session has been recorded yet');
  return latest.id;
}

function describeEvent(e: JournalEvent): string {
  const change = e.toState ? `${e.fromState ?? '—'} → ${e.toState}` : e.kind;
  return [e.at, e.targetId ?? '', change, e.code ?? '', e.message ?? '', e.path ?? ''].filter(Boolean).join('  ');
}

export function registerJournalCommands(program: Command, context: CliContext): void {
  program
    .command('journal-check')
    .description('run a full integrity_check on the journal (read-only); exit 1 when it is damaged')
    .option('--json', 'print one JSON object')
    .action((options: { json?: boolean }) => {
      const dataDir = resolveDataDir(program.opts<{ dataDir?: string }>().dataDir, context.io.env);
      const result = checkJournalIntegrity({ dataDir, Database: requireNative<typeof BetterSqlite3>('better-sqlite3') });
      if (options.json) printJson(context.io, result);
      else if (result.ok) context.io.stdout(`${safeText(result.path)}: integrity_check ok\n`);
      else context.io.stdout(`${safeText(result.path)}: damaged\n${result.problems.slice(0, 20).map((p) => `  ${safeText(p)}\n`).join('')}Start with --repair to keep it aside and begin a new journal.\n`);
      context.exitCode = result.ok ? EXIT.ok : EXIT.usageOrIo;
    });

  program
    .command('sessions')
    .description(calls.listSessions.summary)
    .option('--json', 'print a JSON array')
    .action(async (options: { json?: boolean }) => {
      await context.withBench(async (bench) => {
        const sessions = await bench.invoke('listSessions', {});
        if (options.json) printJson(context.io, sessions);
        else if (sessions.length === 0) context.io.stdout('No sessions yet.\n');
        else {
          for (const s of sessions) {
            const c = s.counts;
            context.io.stdout(
              `${s.id}  ${s.startedAt}${s.endedAt ? ` – ${s.endedAt}` : ' (open)'}  ${s.technician || 'no technician'}@${s.benchHost}  ` +
                `${c.total} Macs: ${c.staged} staged, ${c.awaitingApproval} awaiting approval, ${c.enrolled} enrolled, ${c.failed} failed (${c.blocked} of them blocked)\n`,
            );
          }
        }
        return EXIT.ok;
      });
    });

  program
    .command('log')
    .description('print the journal of a session (the newest by default)')
    .option('--session <id>', 'session id (see `sessions`)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'csv']).default('text'))
    .action(async (options: { session?: string; format: 'text' | 'json' | 'csv' }) => {
      await context.withBench(async (bench) => {
        const sessionId = await latestSessionId(bench, options.session);
        if (options.format !== 'text') {
          const result = await bench.invoke('exportSession', { kind: options.format === 'csv' ? 'session-csv' : 'session-json', sessionId });
          context.io.stdout(result.files[0]?.content ?? '');
          return EXIT.ok;
        }
        let offset = 0;
        const lines: string[] = [];
        for (;;) {
          const page = await bench.invoke('queryJournal', { filter: { sessionId }, offset, limit: 500 });
          lines.push(...page.events.map(describeEvent));
          offset += page.events.length;
          if (page.events.length === 0 || offset >= page.total) break;
        }
        context.io.stdout(`${lines.reverse().join('\n')}\n`);
        return EXIT.ok;
      });
    });

  program
    .command('export')
    .description(calls.exportSession.summary)
    .argument('<kind>', 'corporate-identifiers | configurator-serials | session-csv | session-json')
    .option('--session <id>', 'session id (the newest by default)')
    .option('--out <file>', 'write here (lists over 5,000 Macs are split into FILE-1.csv, FILE-2.csv…)')
    .option('--json', 'print what was written as JSON')
    .action(async (kind: string, options: { session?: string; out?: string; json?: boolean }) => {
      const kinds = ['corporate-identifiers', 'configurator-serials', 'session-csv', 'session-json'] as const;
      if (!kinds.includes(kind as (typeof kinds)[number])) {
        throw new BenchError('USAGE', `unknown export "${kind}"; use one of ${kinds.join(', ')}`);
      }
      await context.withBench(async (bench) => {
        const sessionId = await latestSessionId(bench, options.session);
        const result = await bench.invoke('exportSession', { kind: kind as (typeof kinds)[number], sessionId });
        const written: string[] = [];
        if (options.out) {
          const out = path.resolve(options.out);
          const ext = path.extname(out);
          const stem = ext ? out.slice(0, -ext.length) : out;
          result.files.forEach((file, index) => {
            const target = result.files.length === 1 ? out : `${stem}-${index + 1}${ext || path.extname(file.name)}`;
            fs.writeFileSync(target, file.content, { mode: 0o600 });
            written.push(target);
          });
        } else if (result.files.length > 1) {
          throw new BenchError('USAGE', `${result.files.length} files would be written (5,000 Macs a file); give --out FILE`);
        } else if (!options.json) {
          context.io.stdout(result.files[0]?.content ?? '');
        }
        if (options.json) printJson(context.io, { files: written.length ? written : result.files.map((f) => f.name), withoutSerial: result.withoutSerial, ...(options.out ? {} : { content: result.files[0]?.content ?? '' }) });
        else if (written.length) context.io.stdout(`Wrote ${written.join(', ')}\n`);
        if (result.withoutSerial.length > 0) {
          context.io.stderr(`Left out ${result.withoutSerial.length} staged Mac(s) without a serial number: ${result.withoutSerial.join(', ')}\n`);
        }
        return EXIT.ok;
      });
    });

  program
    .command('reverify')
    .description(`${calls.reverifyStaged.summary} Each result is journalled.`)
    .option('--session <id>', 'session id (the newest by default)')
    .option('--mounts <dir>', 'also treat the folders in this directory as volumes (repeatable)', (value: string, all: string[]) => [...all, value], [] as string[])
    .option('--json', 'print the results as JSON')
    .action(async (options: { session?: string; mounts: string[]; json?: boolean }) => {
      await context.withBench(
        async (bench) => {
          const sessionId = await latestSessionId(bench, options.session);
          await bench.invoke('rescanTargets', {});
          const results = await bench.invoke('reverifyStaged', { sessionId });
          if (options.json) printJson(context.io, results);
          else if (results.length === 0) context.io.stdout('No staged profile to re-read in that session.\n');
          else for (const r of results) context.io.stdout(`${r.targetId}: ${r.result}\n`);
          return results.some((r) => r.result === 'missing' || r.result === 'changed') ? EXIT.stagingFailed : EXIT.ok;
        },
        { mountRoots: options.mounts, discovery: 'off' },
      );
    });

  program
    .command('confirm')
    .description(`${calls.confirmEnrollment.summary} The bench never assumes it.`)
    .argument('<target>', 'the Mac: its target id, name, serial number, or a path of one of its volumes')
    .requiredOption('--enrolled', 'the profile was installed and the Mac is enrolled')
    .option('--by <name>', 'who confirms it (default: the technician in settings)')
    .option('--json', 'print the job as JSON')
    .action(async (target: string, options: { by?: string; json?: boolean }) => {
      await context.withBench(async (bench) => {
        // A path is taken from where the command runs; ids ("uuid:…", "path:/…"), names and
        // serial numbers are passed as they are, and the core says which Mac they name.
        const reference = !/^[a-z]+:/.test(target) && (target.includes('/') || target.startsWith('.')) ? path.resolve(target) : target;
        const job = await bench.invoke('confirmEnrollment', { targetId: reference, ...(options.by ? { confirmedBy: options.by } : {}) });
        if (options.json) printJson(context.io, job);
        else context.io.stdout(`${job.targetId}: enrolled (${job.message ?? 'confirmed'})\n`);
        return EXIT.ok;
      });
    });
}
