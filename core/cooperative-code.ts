import { foldForSearch } from './search-text';

/**
 * The chain's stable code for a cooperative, the key HQ and every shop match it by: the registration number
 * (what the cooperative is registered under at ODCo), else its ICE, else its French name folded (case,
 * accents, spacing). Two shops that entered the same cooperative with the same registration number share
 * one chain cooperative; a code once given is kept, so a later rename never moves its history.
 */
export function cooperativeCode(input: {
  registrationNo?: string | null;
  ice?: string | null;
  nameFr: string;
}): string {
  const compact = (s: string) => s.toUpperCase().replace(/[^0-9A-Z]/g, '');
  const reg = compact(input.registrationNo ?? '');
  if (reg) return `reg:${reg}`;
  const ice = compact(input.ice ?? '');
  if (ice) return `ice:${ice}`;
  return `name:${foldForSearch(input.nameFr)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()}`;
}

export interface CooperativeIdentity {
  registrationNo?: string | null;
  ice?: string | null;
  nameFr: string;
}

const compactId = (s: string | null | undefined) => (s ?? '').toUpperCase().replace(/[^0-9A-Z]/g, '');

/** Every code a cooperative can be known by, strongest first: its registration number's, its ICE's, its name's. */
export function cooperativeIdentities(c: CooperativeIdentity): string[] {
  const out: string[] = [];
  const reg = compactId(c.registrationNo);
  if (reg) out.push(`reg:${reg}`);
  const ice = compactId(c.ice);
  if (ice) out.push(`ice:${ice}`);
  out.push(cooperativeCode({ nameFr: c.nameFr }));
  return out;
}

/**
 * Whether two records name the same cooperative: decided by the strongest identity both carry (registration
 * number, else ICE, else the folded French name), so two cooperatives with one name but different
 * registration numbers stay two, and one entered with its number in a shop and without it at HQ is one.
 */
export function sameCooperative(a: CooperativeIdentity, b: CooperativeIdentity): boolean {
  const regA = compactId(a.registrationNo);
  const regB = compactId(b.registrationNo);
  if (regA && regB) return regA === regB;
  const iceA = compactId(a.ice);
  const iceB = compactId(b.ice);
  if (iceA && iceB) return iceA === iceB;
  return cooperativeCode({ nameFr: a.nameFr }) === cooperativeCode({ nameFr: b.nameFr });
}
