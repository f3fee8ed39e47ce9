import { create } from 'zustand';
import { isApiError } from '../api/client';

/**
 * Whether this browser must be paired with the station before anything else (issue 11): a device on the
 * shop's network that has no till token yet, or whose till a manager revoked. The station's own machine
 * never needs it.
 */
interface PairingState {
  needed: 'unpaired' | 'revoked' | null;
  /** Reads a refusal: true when it says this device must pair (and the pairing screen now shows). */
  noticeRefusal(err: unknown): boolean;
  paired(): void;
}

export const usePairing = create<PairingState>((set) => ({
  needed: null,
  noticeRefusal(err) {
    if (isApiError(err, 'DEVICE_NOT_PAIRED')) set({ needed: 'unpaired' });
    else if (isApiError(err, 'TILL_REVOKED')) set({ needed: 'revoked' });
    else return false;
    return true;
  },
  paired() {
    set({ needed: null });
  },
}));
