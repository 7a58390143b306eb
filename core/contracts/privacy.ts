// Administrators see other users' ID numbers masked (core/privacy/mask.ts); seeing one in full is an
// explicit, audited action of its own: `{ action: 'reveal', id }` answers the record unmasked (the
// shape of `get`) and writes a `reveal` audit entry first.
import { z } from 'zod';

export const RevealRequestSchema = z.object({ action: z.literal('reveal'), id: z.string().min(1).max(128) });
export type RevealRequest = z.infer<typeof RevealRequestSchema>;
