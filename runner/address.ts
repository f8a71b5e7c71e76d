/** Where the local runner listens. Loopback only: it runs code on this machine. */
export const LOCAL_RUNNER_HOST = '127.0.0.1';
export const LOCAL_RUNNER_PORT = Number(process.env['LOCAL_RUNNER_PORT'] ?? 3100);
export const localRunnerUrl = process.env['LOCAL_RUNNER_URL'] ?? `http://${LOCAL_RUNNER_HOST}:${LOCAL_RUNNER_PORT}`;

/** The site origins allowed to drive the runner by default (the dev and preview servers). */
export const defaultAllowedOrigins = ['http://localhost:3000', 'http://127.0.0.1:3000'];
