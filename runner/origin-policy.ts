import type { IncomingMessage } from 'node:http';

/**
 * Who may drive the runner: only pages served from the site's own origins, and only
 * through a loopback Host name (a DNS-rebinding page would send its own host name).
 */
export interface OriginPolicy {
  isAllowedOrigin(origin: string | undefined): origin is string;
  isLoopbackHost(host: string | undefined): boolean;
}

export function createOriginPolicy(allowedOrigins: readonly string[], port: number): OriginPolicy {
  const origins = new Set(allowedOrigins.map((o) => o.replace(/\/$/, '')));
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  return {
    isAllowedOrigin(origin): origin is string {
      return typeof origin === 'string' && origins.has(origin);
    },
    isLoopbackHost(host) {
      return typeof host === 'string' && hosts.has(host.toLowerCase());
    },
  };
}

export function requestOrigin(req: IncomingMessage): string | undefined {
  const origin = req.headers.origin;
  return Array.isArray(origin) ? origin[0] : origin;
}
