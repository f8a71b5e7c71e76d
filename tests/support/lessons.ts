/** The course's lesson routes, and the diagrams (by title) each must show. */
export const lessons: ReadonlyArray<{ route: string; diagrams: readonly string[] }> = [
  { route: 'lessons/how-this-course-works', diagrams: [] },
  { route: 'lessons/half-close', diagrams: ['A half-close', 'The four-way close'] },
  {
    route: 'lessons/close',
    diagrams: ['close() with unread data: an RST instead of a FIN', 'close() while the reply is still on its way'],
  },
  { route: 'lessons/shutdown', diagrams: ['The lingering close'] },
  { route: 'lessons/close-vs-shutdown', diagrams: ['The close run', 'The shutdown run'] },
  { route: 'lessons/select-client', diagrams: [] },
  { route: 'lessons/sigpipe-and-epipe', diagrams: [] },
  { route: 'lessons/time-wait-and-restart', diagrams: [] },
  { route: 'lessons/abortive-close', diagrams: ['An abortive close: SO_LINGER {1, 0}'] },
  { route: 'lessons/leaving-a-blocked-call', diagrams: [] },
  { route: 'lessons/cheat-sheet-and-review', diagrams: [] },
];
