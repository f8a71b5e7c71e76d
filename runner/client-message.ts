import * as z from 'zod';
import type { ClientMessage } from '../src/runtimes/local/protocol';

const pid = z.number().int().nonnegative();
const id = z.number().int();
const dir = z.string().min(1).max(100);

const request = z.discriminatedUnion('op', [
  z.object({ type: z.literal('request'), id, op: z.literal('reservePort') }),
  z.object({
    type: z.literal('request'),
    id,
    op: z.literal('mount'),
    dir,
    files: z.array(z.object({ path: z.string(), content: z.string() })),
  }),
  z.object({
    type: z.literal('request'),
    id,
    op: z.literal('spawn'),
    dir,
    file: z.string(),
    env: z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/), z.string().max(4096)),
    trace: z
      .string()
      .regex(/^[a-z0-9-]{1,30}$/)
      .optional(),
  }),
]);

const clientMessage = z.union([
  request,
  z.object({ type: z.literal('input'), pid, text: z.string() }),
  z.object({ type: z.literal('closeInput'), pid }),
  z.object({ type: z.literal('kill'), pid }),
]);

export type ParsedClientMessage = { ok: true; message: ClientMessage } | { ok: false; error: string };

/** Parses one WebSocket message from the page; says why when it is not one the runner accepts. */
export function parseClientMessage(raw: string): ParsedClientMessage {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'the message is not JSON' };
  }
  const result = clientMessage.safeParse(json);
  if (result.success) return { ok: true, message: result.data };
  return {
    ok: false,
    error: `the runner does not accept that message (${result.error.issues[0]?.message ?? 'invalid'})`,
  };
}
