import { create } from 'zustand';
import { call } from '../api/client';
import type { Approval } from './cart';
import { isManager, useSession } from './session';

export type ApprovalResult = { ok: true; approval: Approval | null } | { ok: false };

interface ApprovalState {
  /** The pending request shown by <ApprovalDialog/>, with the sentence saying what is approved. */
  pending: { reason: string; resolve(result: ApprovalResult): void } | null;
  request(reason: string): Promise<ApprovalResult>;
  settle(result: ApprovalResult): void;
}

/**
 * Asks for a manager's PIN before a sensitive action. A manager at the till approves themselves
 * (approval null: their own session is enough for the server).
 */
export const useApproval = create<ApprovalState>((set, get) => ({
  pending: null,
  request(reason) {
    if (isManager(useSession.getState().user)) return Promise.resolve({ ok: true, approval: null });
    get().pending?.resolve({ ok: false });
    return new Promise((resolve) => set({ pending: { reason, resolve } }));
  },
  settle(result) {
    const p = get().pending;
    set({ pending: null });
    p?.resolve(result);
  },
}));

/**
 * Checks a manager's PIN now rather than at checkout, so a wrong PIN is caught while the manager is
 * still at the till: a short login with their PIN (counted against lock-out like any login), then logout.
 */
export async function verifyManagerPin(
  managerId: number,
  pin: string,
): Promise<{ name: string; manager: boolean }> {
  const { token, user } = await call('auth.login', { userId: managerId, pin });
  await call('auth.logout', {}, { token }).catch(() => null);
  return { name: user.name, manager: user.role === 'manager' || user.role === 'admin' };
}

// A session that ends (logout, or ended by the station) takes its pending question with it: the next user
// must not find a dialog asking for a PIN on behalf of someone else's action.
useSession.subscribe((s, prev) => {
  if (prev.user && !s.user) useApproval.getState().settle({ ok: false });
});
