import type { ProfileContext } from '../../shared/models/target';
import type { ProfileLibrary } from './profile-library';
import { MACOS_SUPPORT_TABLE } from '../../shared/rules/macos-support';

/**
 * What discovery needs to know of the chosen profile: ACME needs macOS 13.1, and whether the
 * identical file is already staged on a target. Null when none is chosen or it is gone.
 */
export function chosenProfileContext(library: ProfileLibrary): ProfileContext | null {
  const id = library.chosenId();
  if (!id) return null;
  try {
    const profile = library.get(id);
    return { sha256: profile.sha256, minMacOS: profile.enrollment?.minMacOS ?? MACOS_SUPPORT_TABLE.allowed, displayName: profile.displayName };
  } catch {
    return null;
  }
}
