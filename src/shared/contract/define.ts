import { z } from 'zod';

/**
 * Who may make a call:
 * - open: anyone connected (the kiosk station included);
 * - admin: refused with KIOSK_LOCKED while the kiosk is locked (settings, import, delete…).
 */
export type CallAccess = 'open' | 'admin';

export interface CallSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly request: Req;
  readonly response: Res;
  readonly access: CallAccess;
  /** One line for docs and `--help`. */
  readonly summary: string;
}

export function defineCall<Req extends z.ZodType, Res extends z.ZodType>(
  spec: CallSpec<Req, Res>,
): CallSpec<Req, Res> {
  return spec;
}

/** A request with no parameters: an empty object, extra keys refused. */
export const NoParams = z.object({}).strict();
