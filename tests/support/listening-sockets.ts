import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** The pid and every descendant of it (Linux /proc). */
function processTree(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(parents.get(tree[i]!) ?? []));
  return tree;
}

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`, { encoding: 'utf8' });
      const match = /^socket:\[(\d+)\]$/.exec(target);
      if (match) inodes.add(match[1]!);
    }
  } catch {
    // Gone, or not ours to read.
  }
  return inodes;
}

function hexAddress(hex: string, v6: boolean): string {
  if (!v6)
    return hex
      .match(/../g)!
      .reverse()
      .map((b) => parseInt(b, 16))
      .join('.');
  const words = hex
    .toLowerCase()
    .match(/.{8}/g)!
    .map((w) => w.match(/../g)!.reverse().join(''));
  return words
    .join('')
    .match(/.{4}/g)!
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':');
}

/** "address:port" of every TCP socket in LISTEN state owned by `root` or its descendants. */
export function listeningAddresses(root: number): string[] {
  const inodes = new Set(processTree(root).flatMap((pid) => [...socketInodes(pid)]));
  const found: string[] = [];
  for (const [file, v6] of [
    ['/proc/net/tcp', false],
    ['/proc/net/tcp6', true],
  ] as const) {
    let lines: string[] = [];
    try {
      lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const cols = line.trim().split(/\s+/);
      const [local, , state] = [cols[1]!, cols[2]!, cols[3]!];
      if (state !== '0A' || !inodes.has(cols[9]!)) continue;
      const [addr, port] = local.split(':') as [string, string];
      found.push(`${hexAddress(addr, v6)}:${parseInt(port, 16)}`);
    }
  }
  return found;
}

export function isLoopback(address: string): boolean {
  const host = address.slice(0, address.lastIndexOf(':'));
  return host.startsWith('127.') || host === '0:0:0:0:0:0:0:1' || host === '::1' || host === '0:0:0:0:0:ffff:7f00:1';
}
