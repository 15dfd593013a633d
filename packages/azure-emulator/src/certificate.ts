import { generate } from 'selfsigned';

export interface EmulatorCertificate {
  /** PEM of the self-signed certificate; it is its own CA, so clients trust exactly this. */
  cert: string;
  key: string;
}

let cached: Promise<EmulatorCertificate> | undefined;

/**
 * A self-signed certificate for 127.0.0.1 (SAN IP:127.0.0.1 and DNS:localhost), generated once per
 * process and shared by every emulator of a test run: generating an RSA key is slow enough to count
 * when a test file starts several emulators (docs/performance.md).
 */
export function emulatorCertificate(): Promise<EmulatorCertificate> {
  cached ??= generate([{ name: 'commonName', value: 'aro-aks-audit azure emulator' }], {
    keySize: 2048,
    notAfterDate: new Date(Date.now() + 7 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  }).then((pems) => ({ cert: pems.cert, key: pems.private }));
  return cached;
}
