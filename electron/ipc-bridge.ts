/**
 * The IPC side of the API, without Electron: main.ts forwards every `souk:call` here with the id of
 * the sending webContents. Kept free of electron imports so it runs under vitest on a real database.
 *
 * Token design: the renderer keeps the token auth.login returned and passes it as the third argument,
 * exactly as it sends a Bearer token to the station server, so one API client serves both hosts.
 * The main process additionally binds every token it hands out to the webContents that logged in,
 * and refuses a token that was not issued to the caller; a page that leaks or guesses another
 * window's token gets nothing. When the renderer passes no token, the newest token of its own
 * webContents is used. Reloading or closing a page logs out all of its sessions.
 */
import type { ApiResponse } from '../api/dispatcher';
import { dispatch } from '../api/dispatcher';
import type { ApiContext } from '../api/handlers';
import { ROLE_RANK, type Role } from '../core/roles';

export interface BridgeHooks {
  /** Called after a successful Z close (cash.close); a failure here never changes the API's answer. */
  afterZClose?: () => Promise<void> | void;
}

const MAX_METHOD_LENGTH = 100;

export class SoukBridge {
  private readonly tokens = new Map<number, string[]>();

  constructor(
    private readonly ctx: ApiContext,
    private readonly hooks: BridgeHooks = {},
  ) {}

  /** The token the dispatcher will see for this caller, or null when it is not this caller's. */
  tokenFor(senderId: number, passed: unknown): string | null {
    const own = this.tokens.get(senderId) ?? [];
    if (passed === undefined || passed === null) return own.at(-1) ?? null;
    if (typeof passed !== 'string') return null;
    return own.includes(passed) ? passed : null;
  }

  async call(senderId: number, method: unknown, input: unknown, passedToken?: unknown): Promise<ApiResponse> {
    if (typeof method !== 'string' || method.length === 0 || method.length > MAX_METHOD_LENGTH) {
      return {
        ok: false,
        error: { code: 'VALIDATION', message: 'The method name must be a short string.', details: {} },
      };
    }
    const token = this.tokenFor(senderId, passedToken);
    const response = await dispatch(this.ctx, method, input, token);
    if (!response.ok) return response;
    if (method === 'auth.login') {
      const issued = (response.result as { token?: unknown }).token;
      if (typeof issued === 'string') this.bind(senderId, issued);
    } else if (method === 'auth.logout' && token) {
      this.unbind(senderId, token);
    } else if (method === 'cash.close' && this.hooks.afterZClose) {
      try {
        await this.hooks.afterZClose();
      } catch (err) {
        console.error('[electron] backup after Z close failed:', err);
      }
    }
    return response;
  }

  /** The highest role logged in on this webContents (menu actions such as restore need a manager). */
  highestRole(senderId: number): Role | null {
    let best: Role | null = null;
    for (const token of this.tokens.get(senderId) ?? []) {
      const session = this.ctx.auth.resolve(token);
      if (session && (best === null || ROLE_RANK[session.user.role] > ROLE_RANK[best]))
        best = session.user.role;
    }
    return best;
  }

  /** The page was reloaded, navigated or closed: its sessions end with it. */
  forget(senderId: number): void {
    for (const token of this.tokens.get(senderId) ?? []) this.ctx.auth.logout(token);
    this.tokens.delete(senderId);
  }

  private bind(senderId: number, token: string): void {
    const list = this.tokens.get(senderId) ?? [];
    list.push(token);
    this.tokens.set(senderId, list);
  }

  private unbind(senderId: number, token: string): void {
    const list = (this.tokens.get(senderId) ?? []).filter((t) => t !== token);
    if (list.length > 0) this.tokens.set(senderId, list);
    else this.tokens.delete(senderId);
  }
}
