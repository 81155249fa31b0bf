/** Who is calling, as established by the transport (never by the payload). */
export interface CallContext {
  readonly door: 'electron' | 'web-host' | 'cli';
}
