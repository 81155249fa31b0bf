import { z } from 'zod';

// The chosen profile is not a setting here: the profile library owns it (chooseProfile), so it can
// refuse an unusable one. Both live in the same `settings` table, one row per key.
export const Settings = z.object({
  technicianName: z.string().max(80),
  /** Extra directories watched for mounted volumes, besides the platform's own mount roots. */
  mountRoots: z.array(z.string()).max(32),
  concurrency: z.number().int().min(1).max(64),
  autoStageOnAttach: z.boolean(),
  /** A profile with less than this many hours left is 'expiring'. */
  expiryWarningHours: z.number().int().min(1).max(24 * 13),
  soundCues: z.boolean(),
  /** The kiosk station asks for the serial of each Mac plugged in (scan or type; a worker may skip). */
  stationAsksSerial: z.boolean(),
  /**
   * Override of the supported / allowed macOS table (src/shared/rules/macos-support.ts) for when
   * Microsoft moves it before the bench is updated; null fields keep the table's value.
   */
  macOSSupport: z
    .object({
      supported: z.string().regex(/^\d{1,3}(\.\d{1,3}){0,2}$/).nullable(),
      allowed: z.string().regex(/^\d{1,3}(\.\d{1,3}){0,2}$/).nullable(),
    })
    .strict(),
});
export type Settings = Readonly<z.infer<typeof Settings>>;

/**
 * What a locked kiosk station needs of the settings (and all it is shown): the rest — names,
 * folders, the macOS table override — is set-up, and reading it is an admin act (docs/KIOSK.md).
 */
export const StationSettings = Settings.pick({ stationAsksSerial: true, soundCues: true });
export type StationSettings = Readonly<z.infer<typeof StationSettings>>;

export const stationSettingsOf = (settings: Settings): StationSettings => ({ stationAsksSerial: settings.stationAsksSerial, soundCues: settings.soundCues });

export const DEFAULT_SETTINGS: Settings = {
  technicianName: '',
  mountRoots: [],
  concurrency: 8,
  autoStageOnAttach: false,
  expiryWarningHours: 72,
  soundCues: true,
  stationAsksSerial: true,
  macOSSupport: { supported: null, allowed: null },
};
