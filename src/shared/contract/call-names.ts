import { calls, type CallName } from './calls/index';

// Every call name, read from the call definitions themselves: nothing to keep in step by hand.
// The preload imports this module, but its build (scripts/build.mjs) replaces it with the same
// list as literals, read from the same definitions at build time, so the sandboxed preload stays a
// few hundred bytes and carries no zod.
export const CALL_NAME_LIST: readonly CallName[] = Object.keys(calls) as CallName[];
