// CPID (chip id) → the name a technician knows (DOMAIN.md §4, from libirecovery's device table).
const CHIPS: Readonly<Record<string, string>> = {
  '8103': 'M1',
  '6000': 'M1 Pro',
  '6001': 'M1 Max',
  '6002': 'M1 Ultra',
  '8112': 'M2',
  '6020': 'M2 Pro',
  '6021': 'M2 Max',
  '6022': 'M2 Ultra',
  '8122': 'M3',
  '6030': 'M3 Pro',
  '6031': 'M3 Max',
  '6034': 'M3 Max',
  '6032': 'M3 Ultra',
  '8132': 'M4',
  '6040': 'M4 Pro',
  '6041': 'M4 Max',
  '8142': 'M5',
  '8012': 'T2 (Intel Mac)',
  '8027': 'Developer Transition Kit',
  FE00: 'Apple virtual Mac',
};

/** "8103" → "M1"; unknown chips (iPhones, future Macs) → null. */
export function chipName(cpid: string): string | null {
  return CHIPS[cpid.toUpperCase().padStart(4, '0')] ?? null;
}
