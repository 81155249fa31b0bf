import type { Command } from 'commander';
import { calls } from '../../../shared/contract';
import { BenchError } from '../../../shared/errors';
import type { UsbDecoding } from '../../../shared/models/target';
import { parseUsbId } from '../../devices/usb/classify-usb';
import type { CliContext } from '../context';
import { EXIT, printJson } from '../io';

interface DecodeOptions {
  readonly vid: string;
  readonly pid: string;
  readonly serial?: string;
  readonly json?: boolean;
}

export function registerUsbCommand(program: Command, context: CliContext): void {
  const usb = program.command('usb').description('Apple USB devices (support tools)');
  usb
    .command('decode')
    .description(`${calls.decodeUsbDevice.summary} Exactly as discovery does.`)
    .requiredOption('--vid <hex>', 'vendor id, e.g. 05ac')
    .requiredOption('--pid <hex>', 'product id, e.g. 1227')
    .option('--serial <string>', 'the iSerialNumber string, e.g. "CPID:8103 … ECID:…"')
    .option('--json', 'print one JSON object')
    .action(async (options: DecodeOptions) => {
      const vendorId = parseUsbId(options.vid);
      const productId = parseUsbId(options.pid);
      if (vendorId === null || productId === null) {
        throw new BenchError('USAGE', `--vid and --pid take 1 to 4 hex digits (got ${options.vid} and ${options.pid})`);
      }
      await context.withBench(async (bench) => {
        const decoded = await bench.invoke('decodeUsbDevice', { vendorId, productId, serialString: options.serial ?? null });
        if (options.json) printJson(context.io, decoded);
        else context.io.stdout(describe(decoded));
        return EXIT.ok;
      });
    });
}

function describe({ usb, description, listed, constraints }: UsbDecoding): string {
  const value = (v: string | null) => v ?? '—';
  return [
    description,
    `  ids:     ${usb.vendorId.toString(16).padStart(4, '0')}:${usb.productId.toString(16).padStart(4, '0')} (${usb.mode})`,
    `  ECID:    ${value(usb.ecid)}`,
    `  chip:    ${value(usb.chip)}${usb.cpid ? ` (CPID ${usb.cpid})` : ''}`,
    `  board:   ${value(usb.bdid)}`,
    `  serial:  ${value(usb.serialNumber)}`,
    `  iBoot:   ${value(usb.iboot)}`,
    `  listed by discovery: ${listed ? 'yes' : 'no'}`,
    ...constraints.map((c) => `  ${c.severity}: ${c.message}`),
    '',
  ].join('\n');
}
