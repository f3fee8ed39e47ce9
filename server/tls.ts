import { X509Certificate } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

/** The station's LAN certificate: made once, kept beside the database, pinned by every paired till. */
export interface StationTls {
  key: string;
  cert: string;
  /** SHA-256 of the certificate (Node's fingerprint256: upper-case hex pairs joined by colons). */
  fingerprint: string;
  keyFile: string;
  certFile: string;
}

export const tlsFiles = (dbFile: string) => ({
  keyFile: `${dbFile}.tls-key.pem`,
  certFile: `${dbFile}.tls-cert.pem`,
});

const YEAR_MS = 365 * 86_400_000;

function load(keyFile: string, certFile: string): StationTls {
  const key = readFileSync(keyFile, 'utf8');
  const cert = readFileSync(certFile, 'utf8');
  let fingerprint: string;
  try {
    fingerprint = new X509Certificate(cert).fingerprint256;
  } catch {
    throw new Error(
      `${certFile} does not hold a certificate; delete it and ${keyFile} to make a new one (every till then pairs again).`,
    );
  }
  if (!key.includes('PRIVATE KEY')) {
    throw new Error(
      `${keyFile} does not hold a private key; delete it and ${certFile} to make a new one (every till then pairs again).`,
    );
  }
  return { key, cert, fingerprint, keyFile, certFile };
}

/**
 * The certificate of the station on this database: read if it exists, else made now. It is self-signed
 * on purpose: tills trust it by its fingerprint (carried in the pairing code), not through a CA, so it
 * outlives address changes and needs no renewal for 20 years. A new certificate means every till pairs
 * again, so it is only ever made when there is none.
 */
export async function stationTls(
  dbFile: string,
  addresses: readonly string[] = [],
  // HQ makes its own the same way (hq/main.ts), under its own name.
  commonName = `Souk POS station ${hostname()}`,
): Promise<StationTls> {
  const { keyFile, certFile } = tlsFiles(dbFile);
  const haveKey = existsSync(keyFile);
  const haveCert = existsSync(certFile);
  if (haveKey && haveCert) return load(keyFile, certFile);
  if (haveKey !== haveCert) {
    throw new Error(
      `Only one of ${keyFile} and ${certFile} exists; restore the other or delete both to make a new certificate (every till then pairs again).`,
    );
  }
  const own = hostname();
  const now = Date.now();
  // Loaded here, not at the top: selfsigned brings @peculiar/x509 and its ASN.1 stack (~700 kB of
  // bundle), which made every station start pay for a certificate it makes once in its life. Its CommonJS
  // exports are read from `default`: all a split bundle's chunk of it has (esbuild); node's import has it too.
  const { generate } = (await import('selfsigned')).default;
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    // ECDSA P-256: a TLS handshake costs the station a fraction of an RSA-2048 one, which counts on a
    // loaded two-core station with many tills and tablets (re)connecting.
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 86_400_000),
    notAfterDate: new Date(now + 20 * YEAR_MS),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: own },
          { type: 2, value: `${own}.local` },
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          ...addresses.map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  try {
    // 'wx': a second station starting on the same database at this moment keeps the first one's pair.
    const fd = openSync(keyFile, 'wx', 0o600);
    writeSync(fd, pems.private);
    closeSync(fd);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return load(keyFile, certFile);
  }
  const fd = openSync(certFile, 'wx', 0o644);
  writeSync(fd, pems.cert);
  closeSync(fd);
  return load(keyFile, certFile);
}
