import { defaultAllowedOrigins, LOCAL_RUNNER_PORT } from './address';
import { startRunner } from './service';

/**
 * `npm run runner`: the local runner on its own (npm start starts it with the site).
 * RUNNER_ACCESS_KEY, when set, is the secret a page must send to get a session.
 */
const allowedOrigins = process.env.RUNNER_ALLOWED_ORIGINS
  ? process.env.RUNNER_ALLOWED_ORIGINS.split(',').map((o) => o.trim())
  : defaultAllowedOrigins;

// Whatever a page or a lab program does must not end the runner: a promise that fails where no
// one waits for it is logged, and the runner goes on serving its other sessions.
process.on('unhandledRejection', (reason) => {
  console.error('unexpected error (the runner keeps running):', reason instanceof Error ? reason.stack : reason);
});

async function main(): Promise<void> {
  const runner = await startRunner({
    port: LOCAL_RUNNER_PORT,
    allowedOrigins,
    log: (line) => console.log(`${line}`),
    ...(process.env.RUNNER_ACCESS_KEY ? { accessKey: process.env.RUNNER_ACCESS_KEY } : {}),
  }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'EADDRINUSE') {
      console.error(
        `port ${LOCAL_RUNNER_PORT} is in use: another runner (or program) has it. Stop it or set LOCAL_RUNNER_PORT.`,
      );
    } else {
      console.error(`could not start: ${err.message}`);
    }
    process.exit(1);
  });

  console.log(`running lab code with Node ${process.version} at ${runner.url} for ${allowedOrigins.join(', ')}`);
  console.log(`work folder ${runner.workDir}; watchdog pid ${runner.watchdogPid ?? 'none'}`);

  let closing = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      void runner.close().then(() => process.exit(0));
    });
  }
}

void main();
