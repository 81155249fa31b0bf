import type { Bridge } from '../../src/renderer/bridge';
import type { BenchEvent, CallName, CallRequest, CallResponse, CallResult, ShellCommand } from '../../src/shared/contract';
import { BenchError } from '../../src/shared/errors';

// A stand-in for the renderer's bridge (src/renderer/bridge.ts), for the store's unit tests: the
// store is tested on its own, so the core behind the bridge is a table of answers. Shaped like
// Bridge: `call` answers from the table (an unlisted call is refused, as the core refuses an
// unknown one), `push` delivers a pushed event, `setConnected` plays the socket dropping and
// coming back. The bridge's own behaviour is tested against the real web-host in bridge.test.ts.

export type FakeAnswers = { [N in CallName]?: (params: CallRequest<N>) => CallResponse<N> };

export class FakeBridge implements Bridge {
  readonly kind = 'web-host' as const;
  /** Every call made, in order. */
  readonly calls: { method: CallName; params: unknown }[] = [];
  private readonly eventListeners = new Set<(event: BenchEvent) => void>();
  private readonly connectionListeners = new Set<(connected: boolean) => void>();
  private connected = false;

  constructor(private readonly answers: FakeAnswers = {}) {}

  /** Change or add answers (the core's state moved on). */
  answer<N extends CallName>(method: N, answer: (params: CallRequest<N>) => CallResponse<N>): void {
    (this.answers as Record<string, unknown>)[method] = answer;
  }

  async call<N extends CallName>(method: N, params: CallRequest<N>): Promise<CallResult<CallResponse<N>>> {
    this.calls.push({ method, params });
    const answer = this.answers[method] as ((p: CallRequest<N>) => CallResponse<N>) | undefined;
    try {
      if (!answer) throw new BenchError('INTERNAL', `FakeBridge has no answer for ${method}`);
      return { ok: true, value: answer(params) };
    } catch (error) {
      if (error instanceof BenchError) return { ok: false, error: error.toData() };
      throw error;
    }
  }

  callsOf(method: CallName): unknown[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.params);
  }

  subscribe(listener: (event: BenchEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  push(event: BenchEvent): void {
    for (const listener of this.eventListeners) listener(event);
  }

  onConnection(listener: (connected: boolean) => void): () => void {
    this.connectionListeners.add(listener);
    listener(this.connected);
    return () => this.connectionListeners.delete(listener);
  }

  setConnected(connected: boolean): void {
    this.connected = connected;
    for (const listener of this.connectionListeners) listener(connected);
  }

  pathForFile(): string | null {
    return null;
  }

  async revealPath(): Promise<boolean> {
    return false;
  }

  onShellCommand(_listener: (command: ShellCommand) => void): () => void {
    return () => {};
  }
}
