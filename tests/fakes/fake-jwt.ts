/**
 * JWT-shaped tokens: base64url(header).base64url(payload).signature, where the signature is a fixed
 * placeholder. Nothing checks signatures (MSAL in the browser does not; the fake Graph checks that it
 * issued the exact token string), but the claims read exactly like Entra's.
 */
export function base64url(input: string | Buffer): string {
  return (typeof input === 'string' ? Buffer.from(input, 'utf8') : input).toString('base64url');
}

export function encodeJwtShaped(payload: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const fullHeader = { typ: 'JWT', alg: 'RS256', kid: 'fake-microsoft-cloud', ...header };
  return `${base64url(JSON.stringify(fullHeader))}.${base64url(JSON.stringify(payload))}.${base64url('fake-signature')}`;
}

/** The payload of a JWT-shaped token, or undefined when it is not one. */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return payload && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
