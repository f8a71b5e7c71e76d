/**
 * Every lab process is started with this environment variable set to
 * `<runner id>/<session id>/<process number>/`; what it starts inherits it. It is how the
 * watchdog finds a lab's descendants that left its process group (setsid, detached: true).
 */
export const LAB_MARKER_VARIABLE = 'TCP_COURSE_LAB';

export const markerOf = (...parts: (string | number)[]) => `${parts.join('/')}/`;
