import { z } from 'zod';
import { strictObject } from '../../platform/schemas.ts';

export const credentials = strictObject({
  email: z.email().max(254),
  // Bounded: scrypt's cost grows with the input and an attacker chooses it.
  password: z.string().min(1).max(256),
});
