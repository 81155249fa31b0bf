import { z } from 'zod';
import { DiscoveryStatus, Target, UsbDecoding } from '../../models/target';
import { defineCall, NoParams } from '../define';

export const targetCalls = {
  listTargets: defineCall({
    request: NoParams,
    response: z.array(Target),
    access: 'open',
    summary: 'The attached Macs, carrier drives and Apple USB devices, each with its verdict.',
  }),
  rescanTargets: defineCall({
    request: NoParams,
    response: z.array(Target),
    access: 'open',
    summary: 'Look at every volume and USB device again now, and return the targets.',
  }),
  getDiscoveryStatus: defineCall({
    request: NoParams,
    response: DiscoveryStatus,
    access: 'open',
    summary: 'Which mount roots are watched, and whether USB discovery is available.',
  }),
  decodeUsbDevice: defineCall({
    request: z
      .object({
        vendorId: z.number().int().min(0).max(0xffff),
        productId: z.number().int().min(0).max(0xffff),
        serialString: z.string().max(1024).nullable().optional(),
      })
      .strict(),
    response: UsbDecoding,
    access: 'open',
    summary: 'Classify a USB device from its vendor and product ids and its iSerial string.',
  }),
} as const;
