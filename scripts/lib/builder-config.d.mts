// Types for builder-config.mjs.
export const BUILDER_CONFIG_FILE: string;
export function loadBuilderConfig(root: string, options?: { build?: 'release' | 'test' }): Record<string, unknown>;
