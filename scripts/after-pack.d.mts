// Types for after-pack.mjs (electron-builder's afterPack hook).
export interface AfterPackContext {
  readonly appOutDir: string;
  readonly electronPlatformName: string;
  readonly packager: { getResourcesDir?(appOutDir: string): string };
}
export function afterPack(context: AfterPackContext): Promise<void>;
export default afterPack;
