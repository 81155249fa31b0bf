import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { calls, parseCallResult, parseEvent } from '../../src/shared/contract';
import { CALL_NAME_LIST } from '../../src/shared/contract/call-names';
import { dispatch, type CallHandlers } from '../../src/main/core/dispatch';
import type { BenchStatus } from '../../src/shared/models/status';
import { BenchError } from '../../src/shared/errors';
import { REPO_ROOT } from '../support/temp';

const status: BenchStatus = {
  appVersion: '1.2.3',
  dataDir: '/data',
  databasePath: '/data/journal.sqlite3',
  schemaVersion: 3,
  nativeModules: [{ name: 'better-sqlite3', loaded: true, version: '12.0.0', error: null }],
  frontDoor: 'cli',
  platform: 'test',
  startedAt: '2026-11-26T00:00:00.000Z',
};
// These dispatcher tests only ever call getStatus; the other handlers are never reached.
const withGetStatus = (getStatus: () => unknown) => ({ getStatus }) as Partial<CallHandlers> as CallHandlers;
const handlers = withGetStatus(() => status);
const ctx = { door: 'cli' } as const;

describe('the contract dispatcher', () => {
  it('refuses a call the contract does not know, with a stable code', async () => {
    const result = await dispatch(handlers, 'deleteEverything', {}, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'CONTRACT_UNKNOWN_CALL' } });
  });

  it('refuses names that are not strings and inherited object keys', async () => {
    for (const method of [42, null, undefined, '__proto__', 'toString', 'constructor']) {
      const result = await dispatch(handlers, method, {}, ctx);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('CONTRACT_UNKNOWN_CALL');
    }
  });

  it('refuses parameters the call does not take', async () => {
    const result = await dispatch(handlers, 'getStatus', { sneaky: true }, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'CONTRACT_INVALID_REQUEST' } });
  });

  it('answers a known call with the handler value', async () => {
    const result = await dispatch(handlers, 'getStatus', {}, ctx);
    expect(result).toEqual({ ok: true, value: status });
  });

  it('does not let a handler answer outside the contract', async () => {
    const broken = { getStatus: () => ({ ...status, schemaVersion: 'three' }) } as unknown as CallHandlers;
    const result = await dispatch(broken, 'getStatus', {}, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'CONTRACT_INVALID_RESPONSE' } });
  });

  it('turns a thrown error into INTERNAL without leaking a stack', async () => {
    const throwing = { getStatus: () => { throw new Error('boom'); } } as unknown as CallHandlers;
    const result = await dispatch(throwing, 'getStatus', {}, ctx);
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.any(String), detail: 'boom' } });
  });

  it('runs the authorise hook before the handler', async () => {
    let ran = false;
    const result = await dispatch(withGetStatus(() => { ran = true; return status; }), 'getStatus', {}, ctx, {
      authorise: () => { throw new BenchError('KIOSK_LOCKED'); },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'KIOSK_LOCKED' } });
    expect(ran).toBe(false);
  });
});

describe('the renderer side of the contract', () => {
  it('accepts a valid result and rejects one of the wrong shape', () => {
    expect(parseCallResult('getStatus', { ok: true, value: status })).toEqual({ ok: true, value: status });
    expect(parseCallResult('getStatus', { ok: true, value: { appVersion: 1 } })).toMatchObject({
      ok: false,
      error: { code: 'CONTRACT_INVALID_RESPONSE' },
    });
    expect(parseCallResult('getStatus', 'garbage')).toMatchObject({ ok: false, error: { code: 'CONTRACT_INVALID_RESPONSE' } });
  });

  it('drops events the contract does not define or of the wrong shape', () => {
    expect(parseEvent({ name: 'statusChanged', payload: status })).toEqual({ name: 'statusChanged', payload: status });
    expect(parseEvent({ name: 'somethingElse', payload: {} })).toBeNull();
    expect(parseEvent({ name: 'statusChanged', payload: { nope: 1 } })).toBeNull();
  });

  it('the preload exposes exactly the calls of the contract', () => {
    expect([...CALL_NAME_LIST].sort()).toEqual(Object.keys(calls).sort());
  });

  it('the built preload names every call as a literal, read from the call definitions, and carries no zod', () => {
    // out/preload is rebuilt by the global set-up before any test runs.
    const bundle = fs.readFileSync(path.join(REPO_ROOT, 'out', 'preload', 'preload.cjs'), 'utf8');
    const names = JSON.parse(/\[("[A-Za-z]+",?)+\]/.exec(bundle)?.[0] ?? '[]') as string[];
    expect(names.sort()).toEqual(Object.keys(calls).sort());
    expect(bundle).not.toMatch(/zod|ZodError|safeParse/);
    expect(bundle.length).toBeLessThan(4096);
  });
});
