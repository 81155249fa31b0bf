import { events as eventSchemas, type BenchEvent, type EventName, type EventPayload } from '../../shared/contract';

export type EventListener = (event: BenchEvent) => void;

/**
 * Fan-out of pushed events to every connected front door. Payloads are validated against the
 * contract before they leave the core; a listener that throws never stops the others.
 */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const parsed = eventSchemas[name].parse(payload) as EventPayload<E>;
    const event = { name, payload: parsed } as BenchEvent;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
