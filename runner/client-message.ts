import * as z from 'zod';
import {
  base64Length,
  FILE_CHUNK_BYTES,
  MAX_ARG_CHARS,
  MAX_ARGS,
  type ClientMessage,
  type RunnerLimits,
} from '../src/runtimes/local/protocol';
import { defaultLimits } from './limits';

const pid = z.number().int().nonnegative();
const id = z.number().int();
const dir = z.string().min(1).max(100);
const filePath = z.string().min(1).max(200);

function clientMessageSchema(limits: Pick<RunnerLimits, 'maxInputChars'>) {
  const request = z.discriminatedUnion('op', [
    z.object({ type: z.literal('request'), id, op: z.literal('reservePort') }),
    z.object({ type: z.literal('request'), id, op: z.literal('clear'), dir }),
    z.object({
      type: z.literal('request'),
      id,
      op: z.literal('write'),
      dir,
      path: filePath,
      base64: z
        .string()
        .max(base64Length(FILE_CHUNK_BYTES))
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'file content must be base64'),
      append: z.boolean().optional(),
    }),
    z.object({
      type: z.literal('request'),
      id,
      op: z.literal('spawn'),
      dir,
      file: filePath,
      env: z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/), z.string().max(4096)),
      args: z
        .array(
          z
            .string()
            .max(MAX_ARG_CHARS, `a program argument may be at most ${MAX_ARG_CHARS} characters`)
            .refine((arg) => !arg.includes('\0'), 'a program argument may not contain a NUL character'),
        )
        .max(MAX_ARGS, `a program takes at most ${MAX_ARGS} arguments`)
        .optional(),
      trace: z
        .string()
        .regex(/^[a-z0-9-]{1,30}$/)
        .optional(),
    }),
  ]);
  return z.union([
    request,
    z.object({
      type: z.literal('input'),
      pid,
      text: z
        .string()
        .max(limits.maxInputChars, `one input message may carry at most ${limits.maxInputChars} characters`),
    }),
    z.object({ type: z.literal('closeInput'), pid }),
    z.object({ type: z.literal('kill'), pid }),
  ]);
}

const schemas = new WeakMap<object, ReturnType<typeof clientMessageSchema>>();

export type ParsedClientMessage =
  | { ok: true; message: ClientMessage }
  /** `requestId`: the refused message was a request whose id could be read, to answer it by. */
  | { ok: false; error: string; requestId?: number };

/** Parses one WebSocket message from the page; says why when it is not one the runner accepts. */
export function parseClientMessage(raw: string, limits: RunnerLimits = defaultLimits): ParsedClientMessage {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'the message is not JSON' };
  }
  let schema = schemas.get(limits);
  if (!schema) schemas.set(limits, (schema = clientMessageSchema(limits)));
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, message: result.data };
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  const refused = {
    ok: false as const,
    error: `the runner does not accept that message (${issue?.message ?? 'invalid'}${where})`,
  };
  const asRequest = json as { type?: unknown; id?: unknown } | null;
  if (
    asRequest &&
    typeof asRequest === 'object' &&
    asRequest.type === 'request' &&
    Number.isSafeInteger(asRequest.id)
  ) {
    return { ...refused, requestId: asRequest.id as number };
  }
  return refused;
}
