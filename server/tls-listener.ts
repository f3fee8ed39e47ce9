import type { Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { isLoopback } from './access';
import type { StationTls } from './tls';

export interface LanListenerOptions {
  /** The station's request handling (server/http.ts), for both kinds of connection. */
  app: HttpServer;
  tls: StationTls;
  /** A TLS handshake must end this soon, so a connection that never finishes one does not hold a socket. */
  handshakeTimeoutMs?: number;
}

/**
 * One port for the LAN and the station's own machine: TLS for every other machine, plain HTTP from
 * loopback only (the shell, a kiosk browser on the station, tests). A plain request from another machine
 * fails its TLS handshake and is closed unanswered: nothing is ever said in clear on the LAN.
 */
export function createLanListener(options: LanListenerOptions): {
  server: NetServer;
  closeAllConnections(): void;
} {
  const tlsServer = createTlsServer({
    key: options.tls.key,
    cert: options.tls.cert,
    minVersion: 'TLSv1.2',
    handshakeTimeout: options.handshakeTimeoutMs ?? 10_000,
  });
  tlsServer.on('secureConnection', (socket) => options.app.emit('connection', socket));
  // A handshake that fails (a browser refusing the self-signed certificate, a port scan) ends that socket only.
  tlsServer.on('tlsClientError', (_err, socket) => socket.destroy());
  const sockets = new Set<Socket>();
  const route = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    // By the peer's address, before reading a byte: handing on a socket that has been read from loses
    // what was read (Node's HTTP parser reads the socket's handle directly).
    if (isLoopback(socket.remoteAddress)) options.app.emit('connection', socket);
    else tlsServer.emit('connection', socket);
  };
  // No Nagle, as Node's HTTP server does for the sockets it accepts itself: small answers (a scan, a JSON
  // envelope, a TLS record each) must not wait for the peer's delayed ACK.
  const front = createNetServer({ noDelay: true }, route);
  // The app server never listens itself: it starts its header and request deadline checks on 'listening'
  // (slow clients are cut off by them), so it is told when the port it is served on starts and stops.
  front.on('listening', () => options.app.emit('listening'));
  front.on('close', () => options.app.close(() => {}));
  return {
    server: front,
    // Every socket the port accepted, whichever server it went to (the station's close ends them all).
    closeAllConnections: () => {
      for (const s of sockets) s.destroy();
    },
  };
}
