// The local runner's watchdog, one per runner: `node supervisor.cjs <marker variable> <runner id> <work folder>`.
//
// It reads commands on its standard input, a pipe whose other end only the runner holds:
//   group <pgid>      a lab process group was started
//   ungroup <pgid>    it has ended
//   sweep <prefix>    kill every process whose marker variable starts with <prefix> (Linux: /proc)
// When that pipe reaches end of file (the runner exited, however it died, even SIGKILL), it
// kills every group still registered and every process carrying the runner's marker, removes
// the runner's work folder, and exits. It runs in its own session (detached), ignores the
// terminal's signals, and is plain CommonJS so that it starts with bare node.
'use strict';

const fs = require('node:fs');

const [variable, runnerId, workRoot] = process.argv.slice(2);
if (!variable || !runnerId || !workRoot) process.exit(2);

const groups = new Set();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => {});

function kill(pid) {
  try {
    process.kill(pid, 'SIGKILL');
    return true;
  } catch {
    return false;
  }
}

/** Kills every process whose marker starts with `prefix`, again until none is left (one may be forking). */
function sweep(prefix) {
  if (process.platform !== 'linux' || !prefix.endsWith('/')) return;
  const wanted = `${variable}=${prefix}`;
  for (let round = 0; round < 5; round++) {
    let found = 0;
    for (const name of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
      let environ;
      try {
        environ = fs.readFileSync(`/proc/${name}/environ`, 'latin1');
      } catch {
        continue;
      }
      if (environ.split('\0').some((entry) => entry.startsWith(wanted)) && kill(Number(name))) found++;
    }
    if (found === 0) return;
  }
}

function handle(line) {
  const space = line.indexOf(' ');
  const command = line.slice(0, space);
  const argument = line.slice(space + 1);
  if (command === 'group') groups.add(Number(argument));
  else if (command === 'ungroup') groups.delete(Number(argument));
  else if (command === 'sweep') sweep(argument);
}

let finished = false;
function finish() {
  if (finished) return;
  finished = true;
  for (const pgid of groups) if (pgid > 1) kill(-pgid);
  sweep(`${runnerId}/`);
  removeTree(workRoot);
  process.exit(0);
}

/** Gives this user back u+rwx on every folder under `folder` (not following links): a lab program may leave one read-only. */
function allowRemoval(folder) {
  let info;
  try {
    info = fs.lstatSync(folder);
  } catch {
    return;
  }
  if (!info.isDirectory() || info.uid !== process.getuid?.()) return;
  try {
    fs.chmodSync(folder, (info.mode & 0o7777) | 0o700);
  } catch {
    // Not ours to change.
  }
  let names = [];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) allowRemoval(`${folder}/${name}`);
}

/** Removes the work folder, also what a lab program made read-only; what is left is tried again at the next runner's start. */
function removeTree(folder) {
  try {
    fs.rmSync(folder, { recursive: true, force: true });
  } catch {
    allowRemoval(folder);
    try {
      fs.rmSync(folder, { recursive: true, force: true });
    } catch {
      // Left for the next runner's start.
    }
  }
}

let buffered = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (text) => {
  buffered += text;
  for (let newline = buffered.indexOf('\n'); newline !== -1; newline = buffered.indexOf('\n')) {
    handle(buffered.slice(0, newline));
    buffered = buffered.slice(newline + 1);
  }
});
process.stdin.on('end', finish);
process.stdin.on('error', finish);
