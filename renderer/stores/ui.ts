import { create } from 'zustand';

export type ToastKind = 'info' | 'success' | 'error';
export interface Toast {
  id: number;
  kind: ToastKind;
  text: string;
}

interface UiState {
  toasts: Toast[];
  /** Id of the current screen in the route table (routes.tsx). */
  route: string;
  toast(kind: ToastKind, text: string): number;
  dismiss(id: number): void;
  navigate(route: string): void;
}

let nextToast = 1;
const TOAST_MS = { info: 3000, success: 3000, error: 8000 } as const;

export const useUi = create<UiState>((set, get) => ({
  toasts: [],
  route: 'sell',
  toast(kind, text) {
    const id = nextToast++;
    // Five at most: a scanner firing unknown codes must not bury the screen.
    set({ toasts: [...get().toasts.slice(-4), { id, kind, text }] });
    if (typeof window !== 'undefined') window.setTimeout(() => get().dismiss(id), TOAST_MS[kind]);
    return id;
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((x) => x.id !== id) });
  },
  navigate(route) {
    set({ route });
  },
}));
