import { rendererCsp } from '../../shared/csp';

/** Content Security Policy for the renderer inside Electron (app://bench). No remote anything. */
export const ELECTRON_CSP = rendererCsp();
