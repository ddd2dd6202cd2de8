// A self-signed certificate for --https, kept in the data folder so that NODE_EXTRA_CA_CERTS keeps working across
// restarts. Its SAN covers localhost, 127.0.0.1, ::1 and the configured domain's host.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface TlsMaterial {
  key: string;
  cert: string;
  certPath: string;
}

export async function loadOrCreateCertificate(dir: string, extraHost?: string): Promise<TlsMaterial> {
  const tlsDir = join(dir, 'tls');
  const certPath = join(tlsDir, 'cert.pem');
  const keyPath = join(tlsDir, 'key.pem');
  if (existsSync(certPath) && existsSync(keyPath)) {
    const cert = readFileSync(certPath, 'utf8');
    // Regenerate when the cert lacks a newly configured host.
    if (!extraHost || cert.length === 0 || readFileSync(join(tlsDir, 'hosts.txt'), 'utf8').split('\n').includes(extraHost)) {
      return { key: readFileSync(keyPath, 'utf8'), cert, certPath };
    }
  }
  const hosts = ['localhost', '127.0.0.1', '::1'];
  if (extraHost && !hosts.includes(extraHost)) hosts.push(extraHost);
  const altNames = hosts.map((h) => (isIP(h) ? { type: 7 as const, ip: h } : { type: 2 as const, value: h }));
  const now = new Date();
  const pems = await generate([{ name: 'commonName', value: 'Auth0 Emulator (localhost)' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + 825 * 86400_000),
    extensions: [
      // A self-signed certificate is its own CA: NODE_EXTRA_CA_CERTS needs it usable as a trust anchor.
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  mkdirSync(tlsDir, { recursive: true });
  writeFileSync(keyPath, pems.private, { mode: 0o600 });
  writeFileSync(certPath, pems.cert);
  writeFileSync(join(tlsDir, 'hosts.txt'), hosts.join('\n'));
  return { key: pems.private, cert: pems.cert, certPath };
}
