import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_DIR_ENV, platformDataDir, resolveDataDir } from '../../src/main/platform/data-dir';

describe('the data folder', () => {
  it('is the platform application-data folder named after the product', () => {
    expect(platformDataDir('darwin', {}, '/Users/tech')).toBe('/Users/tech/Library/Application Support/Enrollment Bench');
    expect(platformDataDir('linux', {}, '/home/tech')).toBe('/home/tech/.config/Enrollment Bench');
    expect(platformDataDir('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/tech')).toBe('/cfg/Enrollment Bench');
    expect(platformDataDir('win32', { APPDATA: 'C:\\Users\\t\\AppData\\Roaming' }, 'C:\\Users\\t')).toBe(
      path.join('C:\\Users\\t\\AppData\\Roaming', 'Enrollment Bench'),
    );
  });

  it('takes --data-dir first, then the environment variable', () => {
    expect(resolveDataDir('/explicit', { [DATA_DIR_ENV]: '/env' })).toBe('/explicit');
    expect(resolveDataDir(undefined, { [DATA_DIR_ENV]: '/env' })).toBe('/env');
  });

  it('falls back to the platform folder, read from the same environment', () => {
    expect(resolveDataDir(undefined, {}, 'darwin', '/Users/tech')).toBe('/Users/tech/Library/Application Support/Enrollment Bench');
    expect(resolveDataDir(undefined, { XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/tech')).toBe('/cfg/Enrollment Bench');
    expect(resolveDataDir('', { [DATA_DIR_ENV]: '' }, 'linux', '/home/tech')).toBe('/home/tech/.config/Enrollment Bench');
  });

  it('makes a relative --data-dir or environment value absolute', () => {
    expect(resolveDataDir('bench-data', {})).toBe(path.resolve('bench-data'));
    expect(resolveDataDir(undefined, { [DATA_DIR_ENV]: 'env-data' })).toBe(path.resolve('env-data'));
  });
});
