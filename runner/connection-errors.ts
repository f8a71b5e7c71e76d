import type { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';

/** WebSocket close codes the runner uses (RFC 6455, 7.4.1). */
export const CloseCode = {
  protocolError: 1002,
  unsupportedData: 1003,
  invalidPayload: 1007,
  policyViolation: 1008,
  messageTooBig: 1009,
} as const;

/** A close frame's reason may hold at most 123 bytes. */
function fitReason(reason: string): string {
  let fitted = reason;
  while (Buffer.byteLength(fitted) > 123) fitted = fitted.slice(0, -2) + '…';
  return fitted;
}

/** The close code and the reason the page shows for a frame the `ws` library refused. */
export function closeFor(err: Error & { code?: string }, maxMessageBytes: number): { code: number; reason: string } {
  switch (err.code) {
    case 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH':
      return {
        code: CloseCode.messageTooBig,
        reason: fitReason(
          `message too large: the local runner takes at most ${Math.floor(maxMessageBytes / 1024)} KiB in one message`,
        ),
      };
    case 'WS_ERR_INVALID_UTF8':
      return { code: CloseCode.invalidPayload, reason: 'invalid message: a text message was not valid UTF-8' };
    default:
      return { code: CloseCode.protocolError, reason: fitReason(`protocol error: ${err.message}`) };
  }
}

/**
 * Makes a refused frame close only its own connection, with the right code and a reason the
 * page can show. `ws` closes such a connection itself, but with the code alone, and then emits
 * 'error' on the socket (which, unheard, would end the runner): the reason is added by hearing
 * the frame parser's error first (`_receiver`, a field of ws 8's WebSocket), and 'error' is heard.
 */
export function closeOnBadFrames(ws: WebSocket, maxMessageBytes: number, log: (line: string) => void): void {
  const receiver = (ws as unknown as { _receiver?: EventEmitter })._receiver;
  receiver?.prependListener('error', (err: Error & { code?: string }) => {
    const { code, reason } = closeFor(err, maxMessageBytes);
    ws.close(code, reason);
  });
  ws.on('error', (err: Error & { code?: string }) => {
    log(`closed a connection: ${closeFor(err, maxMessageBytes).reason}`);
    // What the peer sends after a bad frame is not read any more than it takes the close frame to leave.
    setTimeout(() => ws.terminate(), 250).unref();
  });
}
