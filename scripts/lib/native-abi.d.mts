// Types for native-abi.mjs (plain JS so the build scripts run on Node without a compile step).
export type AddonAbi = { kind: 'node'; abi: number } | { kind: 'napi' } | { kind: 'unknown' };
export function addonAbi(file: string): AddonAbi;
export function electronAbi(root: string): { version: string; abi: number };
export function assertAddonAbi(file: string, expected: number, runtime: string): Exclude<AddonAbi, { kind: 'unknown' }>;
export function withoutNodedir(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export function electronBuildEnv(env: NodeJS.ProcessEnv, electronVersion: string): NodeJS.ProcessEnv;
