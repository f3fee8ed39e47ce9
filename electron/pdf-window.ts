/**
 * The shell's print window for documents (electron/pdf-renderer.ts): hidden, sandboxed, scripts off, no
 * preload, in a session of its own. The app's session refuses file:// (electron/main.ts hardenSession);
 * this one allows the renderer's temporary folder and data: URLs (the embedded fonts) and nothing else.
 */
import { pathToFileURL } from 'node:url';
import { BrowserWindow, session } from 'electron';
import { ElectronPdfRenderer } from './pdf-renderer';

const PARTITION = 'souk-print';

export function electronPdfRenderer(): ElectronPdfRenderer {
  let renderer: ElectronPdfRenderer | null = null;
  const ses = session.fromPartition(PARTITION);
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.webRequest.onBeforeRequest((details, callback) => {
    const folder = renderer ? `${pathToFileURL(renderer.dir).href}/` : null;
    const ok = details.url.startsWith('data:') || (folder !== null && details.url.startsWith(folder));
    callback({ cancel: !ok });
  });
  renderer = new ElectronPdfRenderer(
    () =>
      new BrowserWindow({
        show: false,
        width: 794,
        height: 1123,
        webPreferences: {
          partition: PARTITION,
          javascript: false,
          sandbox: true,
          contextIsolation: true,
          nodeIntegration: false,
          webSecurity: true,
          spellcheck: false,
        },
      }),
  );
  return renderer;
}
