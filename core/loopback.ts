/**
 * Whether a host name or address is this machine (127.0.0.0/8, ::1, localhost): the one rule for where plain
 * HTTP is allowed, read by the shop's HQ link (db/services/hq-link.ts) and by HQ choosing to serve without a
 * certificate (hq/main.ts). A name that only starts with "127." (127.shop.example) is not loopback.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}
