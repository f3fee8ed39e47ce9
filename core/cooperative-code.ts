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
