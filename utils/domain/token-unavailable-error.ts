import { z } from 'zod';

/** Why a token could not be had, in the terms the UI shows. */
export const authFailureKindSchema = z.enum([
  'interactionRequired',
  'consentRequired',
  'noAccount',
  'network',
  'cancelled',
  'failed',
]);
export type AuthFailureKind = z.infer<typeof authFailureKindSchema>;

/** A token could not be had; `kind` says what the analyst must do (sign in, get consent, wait). */
export class TokenUnavailableError extends Error {
  constructor(
    readonly kind: AuthFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'TokenUnavailableError';
  }
}
