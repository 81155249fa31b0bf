// The one interface every discovery adapter offers the scanner (Etcher's scanner/adapters shape):
// `list()` says what is there now, `watch(onChange)` nudges the scanner whenever that may have
// changed, `unwatch()` stops all of it. The scanner calls list() on every nudge and merges the
// reports; it starts and stops every adapter the same way.
export interface DiscoveryAdapter<Report> {
  /** What the adapter sees now (while watching, kept current by its events). */
  list(): Promise<Report>;
  watch(onChange: () => void): void;
  unwatch(): void;
  readonly watching: boolean;
}
