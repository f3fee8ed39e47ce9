import type { ApiContext } from '../api/handlers';

/**
 * Where the shell hooks into the station's devices (ctx.devices, owned by the main process, never by
 * the renderer): serial scanners, a customer display... Returns what to release at quit; the device
 * hub itself is closed there too.
 */
export function attachDevices(ctx: ApiContext): () => Promise<void> {
  // Starts the serial devices in the background: a missing one never holds up the window.
  ctx.devices.start();
  return () => ctx.devices.close();
}
