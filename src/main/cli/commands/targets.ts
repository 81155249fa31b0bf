import type { Command } from 'commander';
import { calls, type BenchEvent } from '../../../shared/contract';
import type { Target, TargetEvent } from '../../../shared/models/target';
import { formatBytes } from '../../../shared/rules/target-constraints';
import type { Bench } from '../../core/create-bench';
import type { CliContext } from '../context';
import { EXIT, printJson, type CliIo } from '../io';
import { networkLabel } from '../../../shared/rules/network-volumes';

interface TargetsOptions {
  readonly mounts: string[];
  readonly json?: boolean;
  readonly watch?: boolean;
}

export function registerTargetsCommand(program: Command, context: CliContext): void {
  program
    .command('targets')
    .description(calls.listTargets.summary)
    .option('--mounts <dir>', 'also treat the folders in this directory as volumes (repeatable)', (value: string, all: string[]) => [...all, value], [] as string[])
    .option('--watch', 'keep watching and print attach/update/detach events as they happen (Ctrl+C stops)')
    .option('--json', 'print a JSON array (with --watch: one JSON event per line)')
    .action(async (options: TargetsOptions) => {
      await context.withBench(
        async (bench) => (options.watch ? watchTargets(bench, context.io, options) : listTargets(bench, context.io, options)),
        { mountRoots: options.mounts, discovery: options.watch ? 'watch' : 'off' },
      );
    });
}

async function listTargets(bench: Bench, io: CliIo, options: TargetsOptions): Promise<number> {
  const targets = await bench.invoke('listTargets', {});
  await warnAboutDiscovery(bench, io);
  if (options.json) {
    printJson(io, targets);
  } else if (targets.length === 0) {
    io.stdout('No targets found.\n');
  } else {
    io.stdout(`${targets.map(describeTarget).join('\n\n')}\n`);
  }
  return EXIT.ok;
}

/** Stream events until SIGINT/SIGTERM; the initial targets arrive as attach events. */
async function watchTargets(bench: Bench, io: CliIo, options: TargetsOptions): Promise<number> {
  const print = (event: TargetEvent) => {
    if (options.json) io.stdout(`${JSON.stringify(event)}\n`);
    else io.stdout(`${event.at}  ${event.type.padEnd(6)}  ${headline(event.target)}\n`);
  };
  const unsubscribe = bench.subscribe((event: BenchEvent) => {
    if (event.name === 'targetsChanged') print(event.payload);
  });
  await warnAboutDiscovery(bench, io);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  unsubscribe();
  return EXIT.ok;
}

async function warnAboutDiscovery(bench: Bench, io: CliIo): Promise<void> {
  const status = await bench.invoke('getDiscoveryStatus', {});
  if (status.usb.state === 'unavailable') io.stderr(`USB discovery is unavailable: ${status.usb.error ?? 'unknown reason'}. Volumes are still found.\n`);
  for (const root of status.roots) {
    if (root.source === 'explicit' && root.state !== 'ok') io.stderr(`Mount root ${root.path} is ${root.state}.\n`);
  }
}

function headline(target: Target): string {
  const firstError = target.constraints.find((c) => c.severity === 'error');
  const verdict = target.stageable ? 'ready to stage' : `cannot stage: ${firstError?.message ?? 'unknown reason'}`;
  return `${target.name} (${kindLabel(target)}) — ${verdict}`;
}

function kindLabel(target: Target): string {
  if (target.kind === 'usb-device') return 'USB';
  if (target.kind === 'carrier') return 'carrier drive';
  return target.macOS ? `Mac, macOS ${target.macOS.productVersion}${target.macOS.build ? ` (${target.macOS.build})` : ''}` : 'Mac, version unknown';
}

function describeTarget(target: Target): string {
  const lines = [headline(target), `    id: ${target.id}`];
  if (target.kind === 'usb-device') {
    lines.push(`    usb: ${hex(target.usb.vendorId)}:${hex(target.usb.productId)}${target.usb.ecid ? ` ECID ${target.usb.ecid}` : ''}`);
  } else {
    lines.push(`    at: ${target.mountPoint}${target.freeBytes !== null ? ` (${formatBytes(target.freeBytes)} free)` : ''}`);
    const connection = networkLabel(target);
    if (connection) lines.push(`    connection: ${connection}${target.fileSystem ? ` (${target.fileSystem})` : ''}`);
  }
  for (const c of target.constraints) lines.push(`    ${c.severity}: ${c.message}`);
  return lines.join('\n');
}

function hex(n: number): string {
  return n.toString(16).padStart(4, '0');
}
