/** What the Electron preload exposes (contextBridge) so the renderer can reach the API over IPC. */
interface SoukBridge {
  /** Resolves with the dispatcher's response envelope; the session token is held by the main process side. */
  call(method: string, input: unknown, token: string | null): Promise<unknown>;
}

interface Window {
  souk?: SoukBridge;
}
