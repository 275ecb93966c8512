/**
 * What the sidebar frame accepts from its content script, which runs in the web page's renderer
 * and may be compromised: every message is parsed and bounded here before the frame uses it.
 */
import { z } from 'zod';
import type { ToFrame as ToFrameMessage } from './link';

const PersonMessage = z
  .object({
    email: z.string().min(3).max(320).optional(),
    name: z.string().max(500).optional(),
    role: z.enum(['sender', 'to', 'cc', 'record']).optional(),
  })
  .refine(
    (person) => person.email !== undefined || Boolean(person.name?.trim()),
    'a person needs an address or a name',
  );

export const ToFrame = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('people'),
    people: z.array(PersonMessage).max(1000),
    preferred: z.string().max(520).optional(),
    ahead: z.literal(true).optional(),
  }),
  z.object({ type: z.literal('toggle') }),
  z.object({ type: z.literal('theme'), theme: z.enum(['light', 'dark']) }),
]) satisfies z.ZodType<ToFrameMessage>;
