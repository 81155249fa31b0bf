import { z } from 'zod';

/** An ISO-8601 timestamp in UTC, as produced by Date.prototype.toISOString. */
export const IsoTime = z.iso.datetime({ offset: true });

/** A finding about a file or a target: errors block, warnings inform (Etcher-style constraints). */
export const Finding = z.object({
  severity: z.enum(['error', 'warning', 'info']),
  code: z.string().min(1),
  message: z.string(),
});
export type Finding = Readonly<z.infer<typeof Finding>>;

export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
