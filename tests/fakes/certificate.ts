/**
 * A self-signed TLS certificate, made fresh in memory at test time (never written to disk), valid for
 * the three Microsoft hostnames the fake cloud impersonates plus localhost/127.0.0.1. Chromium accepts it
 * through --ignore-certificate-errors (and the SPKI allow-list flag, which is narrower).
 */
import { createHash, createPublicKey } from 'node:crypto';
import { generate } from 'selfsigned';
import { GRAPH_HOSTNAME, LOGIN_HOSTNAME, MTO_PORTAL_HOSTNAME, PORTAL_HOSTNAME } from './fake-http';

export interface FakeCertificate {
  /** PEM certificate. */
  readonly cert: string;
  /** PEM private key (PKCS#8). */
  readonly key: string;
  /** base64 SHA-256 of the SubjectPublicKeyInfo, for --ignore-certificate-errors-spki-list. */
  readonly spkiSha256: string;
  readonly hostnames: readonly string[];
}

export const FAKE_CLOUD_HOSTNAMES: readonly string[] = [LOGIN_HOSTNAME, GRAPH_HOSTNAME, PORTAL_HOSTNAME, MTO_PORTAL_HOSTNAME];

export async function createFakeCertificate(extraHostnames: readonly string[] = []): Promise<FakeCertificate> {
  const hostnames = [...FAKE_CLOUD_HOSTNAMES, 'localhost', ...extraHostnames];
  const notBeforeDate = new Date(Date.now() - 24 * 3600_000);
  const notAfterDate = new Date(Date.now() + 30 * 24 * 3600_000);
  // EC P-256: generated in milliseconds (RSA-2048 takes a quarter second), and Chromium accepts it.
  const pems = await generate([{ name: 'commonName', value: LOGIN_HOSTNAME }, { name: 'organizationName', value: 'Fake Microsoft cloud (tests)' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [...hostnames.map((value) => ({ type: 2 as const, value })), { type: 7 as const, ip: '127.0.0.1' }],
      },
    ],
  });
  const spkiDer = createPublicKey(pems.cert).export({ type: 'spki', format: 'der' });
  return {
    cert: pems.cert,
    key: pems.private,
    spkiSha256: createHash('sha256').update(spkiDer).digest('base64'),
    hostnames,
  };
}
