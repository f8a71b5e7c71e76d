/** What a WebSocket close event says: its code and the reason the other side gave. */
export interface CloseInfo {
  readonly code?: number;
  readonly reason?: string;
}

/** What the page says about codes the runner closes with when it gave no reason. */
const meanings: Record<number, string> = {
  1002: 'protocol error',
  1003: 'the runner accepts only JSON text messages',
  1007: 'invalid message (not valid UTF-8)',
  1009: 'message too large',
  1011: 'the runner hit an internal error',
  1013: 'the runner is busy (too many sessions)',
};

/** " (message too large: …)" for the status line, or "" for an ordinary close. */
export function describeClose(event: CloseInfo | undefined): string {
  const reason = event?.reason?.trim();
  if (reason) return ` (${reason})`;
  const meaning = event?.code === undefined ? undefined : meanings[event.code];
  return meaning ? ` (${meaning}, code ${event!.code})` : '';
}
