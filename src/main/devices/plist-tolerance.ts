import type { StrictPlistOptions } from '../profiles/read-plist';

// What discovery accepts in the property lists it reads (SystemVersion.plist, diskutil output):
// they are read strictly, except for a <key> with no value right before </dict>, which real
// system files have and which changes no value.
export const DEVICE_PLIST_TOLERANCE: StrictPlistOptions = { tolerate: ['PROFILE_KEY_WITHOUT_VALUE'] };
