/**
 * The only thing the renderer sees of Electron: `window.souk.call(method, input, token)`, answering the
 * API's envelope `{ ok: true, result } | { ok: false, error }`. Runs sandboxed with context isolation,
 * so it may import nothing but electron; ipcRenderer itself is never exposed.
 */
import { contextBridge, ipcRenderer } from 'electron';

const IPC_CHANNEL = 'souk:call';

export interface SoukBridgeApi {
  call(method: string, input: unknown, token?: string | null): Promise<unknown>;
  readonly platform: 'electron';
}

const api: SoukBridgeApi = {
  call: (method, input, token) =>
    ipcRenderer.invoke(IPC_CHANNEL, String(method), input === undefined ? {} : input, token ?? null),
  platform: 'electron',
};

contextBridge.exposeInMainWorld('souk', api);
