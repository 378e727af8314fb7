import { z } from 'zod';

/** Who is signed in, for display and for choosing the home tenant: names and ids, never a token. */
export const signedInAccountSchema = z.object({
  username: z.string(),
  name: z.string().nullable(),
  homeTenantId: z.string(),
  homeAccountId: z.string(),
});
export type SignedInAccount = z.infer<typeof signedInAccountSchema>;
