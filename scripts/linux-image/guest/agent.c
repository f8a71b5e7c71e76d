/*
 * The guest agent of "Linux in your browser". It runs as PID 1's child on /dev/ttyS0 (raw mode)
 * and speaks a line protocol with the page (src/runtimes/linux/guest-protocol.ts is the other side).
 *
 * Page -> guest, one command per line, tokens separated by one space:
 *   hello REQ                         answers "@ok REQ"
 *   put REQ PATH OFFSET HEX           writes bytes at OFFSET of PATH (OFFSET 0 truncates), mkdir -p;
 *                                     only under /lab/ or /tmp/, done with the lab user's file
 *                                     rights (fsuid), never through a link in the last component
 *   limits REQ NPROC FSIZE CPU AS MEM the limits of the programs spawned from now on: processes of
 *                                     the terminal's user, bytes per file, seconds of CPU, bytes of
 *                                     address space per process (RLIMIT_AS); and MEM, the bytes all
 *                                     of a terminal's programs may hold together (its memory cgroup:
 *                                     heap, memfd and other shared memory, what they write in /lab
 *                                     and /tmp, every process they start)
 *   spawn REQ TTY DIR HEXARG...       runs argv (each arg hex-encoded) in DIR as a new session, with
 *                                     the limits above, as the terminal's own unprivileged user (uid
 *                                     1000 + TTY, group lab), after ending whatever that user still
 *                                     runs. TTY 1-3: stdin is a new pseudo-terminal (the session's
 *                                     controlling terminal: line editing, echo, ^C and ^D are the
 *                                     kernel's; the page types into it with "input", its echo comes
 *                                     back as "@echo"), stdout and stderr are /dev/ttyS<TTY> (what
 *                                     the program writes, and only that, reaches the page on that
 *                                     serial port). TTY 0: /dev/null. Both terminals start from their
 *                                     full default settings. Answers "@spawned REQ PID", later
 *                                     "@exit PID code N" or "@exit PID signal N"
 *   input REQ TTY HEX                 types bytes into the pseudo-terminal of TTY's program; answers
 *                                     "@ok REQ", or "@err REQ ..." when there is no program or its
 *                                     input is full (then it says how many bytes were taken)
 *   build REQ TTY DIR SRC OUT HEXFLAG...   compiles DIR/SRC into DIR/OUT with tcc and the flags, or
 *                                     reuses an earlier build: when a build of the same flags and
 *                                     source (name and content) had every input (the headers tcc read
 *                                     outside the system include folders, which the lab user cannot
 *                                     change, and the names of the headers in DIR) with the same
 *                                     SHA-256, the agent copies its binary and answers "@cached REQ";
 *                                     otherwise it spawns tcc as "spawn" does and remembers the
 *                                     binary if tcc exits 0
 *   signal REQ PID SIGNO              kill(-PID, SIGNO): the process's whole process group; SIGKILL
 *                                     ends every process of its terminal's user (new sessions and
 *                                     groups included)
 *   watch REQ MS                      MS > 0: stream loopback TCP segments ("@pkt"), every socket state
 *                                     change the kernel makes ("@state", tracepoint
 *                                     sock/inet_sock_set_state) and, every MS milliseconds and after
 *                                     each state change, /proc/net/tcp when it changed ("@tcp"); 0 stops
 * Guest -> page: lines starting with "@"; anything else on ttyS0 (kernel messages) is not ours.
 *   @ready                            the agent started
 *   @ok REQ | @err REQ MESSAGE | @cached REQ    ("@ok REQ tracepoint" answers a watch that has it)
 *   @pkt USEC SADDR SPORT DADDR DPORT FLAGS SEQ ACK LEN WIN SIZE HEX   (addresses dotted, FLAGS
 *                                     e.g. "SA"; USEC: when the kernel received it, guest wall clock;
 *                                     LEN: payload bytes; SIZE: the IP packet's bytes; HEX: its first
 *                                     256 bytes at most, as captured)
 *   @state USEC SADDR SPORT DADDR DPORT OLD NEW   a socket changed state (numbers as in
 *                                     tcp_states.h; USEC: when, same clock as @pkt)
 *   @tcp USEC N LOCAL REMOTE ST ... (N triples of /proc/net/tcp's hex fields, ST as in tcp_states.h)
 *   @limit PID procs N                PID's terminal user has N processes (90% of its limit or more)
 *   @limit 0 disk PATH                the file system at PATH is full
 *   @echo TTY HEX                     what the pseudo-terminal of TTY showed: the kernel's echo of
 *                                     the keys typed, and anything a program wrote to its stdin
 *   @oom TTY PID KB CAP COMM          the kernel's OOM killer ended PID (COMM), a process of TTY's
 *                                     user, which held KB KiB of memory (anonymous + shared). CAP:
 *                                     the terminal's memory cap in KiB when its programs reached it
 *                                     (then all of them are ended, one line each), 0 when the whole
 *                                     guest ran out
 *   @log TEXT                         something the agent could not do at start (for the page's log)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netpacket/packet.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <grp.h>
#include <dirent.h>
#include <sys/fsuid.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/statfs.h>
#include <sys/signalfd.h>
#include <sys/time.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define ETH_P_IP_ 0x0800
#define SIOCGSTAMP_OLD_ 0x8906 /* <linux/sockios.h>: a timeval of this (32-bit time_t) ABI */
#define SO_TIMESTAMP_OLD_ 29   /* <asm-generic/socket.h> */
#define MAX_LINE (1 << 20)
#define MAX_ARGS 64

static int ctl = -1;      /* /dev/ttyS0 */
static int sniff = -1;    /* AF_PACKET socket while watching */
static int watch_ms = 0;  /* /proc/net/tcp sampling period while watching */
static int trace = -1;    /* trace_pipe while watching, when the kernel has the tracepoint */
static char last_tcp[16384];
static int kmsg = -1;     /* /dev/kmsg, for the OOM killer's reports */
static int master[4] = {-1, -1, -1, -1}; /* the pseudo-terminal of each terminal's program */
static int master_idle[4];                /* no one holds its slave now: not polled (it would say HUP) */
static pid_t master_owner[4];             /* the program it was made for */

#define LAB_UID 1000 /* "lab": the page's files, the compiles made with no terminal; TTY N's programs: 1000 + N */
#define LAB_GID 1000
#define TTYS 4 /* ttyS0 is the agent's; ttyS1-3 the programs' */
#define TRACING "/sys/kernel/tracing"
#define CACHE_DIR "/var/cache/cc"

/* Limits of the lab's programs ("limits" changes them). */
static struct {
  long nproc, fsize, cpu, as, mem;
} limits = {64, 8L << 20, 120, 96L << 20, 32L << 20};

/* The guest's wall clock (nothing sets it after boot, so it does not jump): the same clock as the
 * kernel's packet timestamps, so segments and state samples can be put in one order. */
static long long usec_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}


static void say(const char *fmt, ...) {
  char buf[20000];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if (n > (int)sizeof buf - 2) n = sizeof buf - 2;
  buf[n++] = '\n';
  for (int off = 0; off < n;) {
    ssize_t w = write(ctl, buf + off, n - off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;
    off += w;
  }
}

static int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Hex to bytes, by hand: sscanf per byte made a 16 KiB file write take a second in v86. */
static int unhex(const char *hex, char *out, size_t cap) {
  size_t n = strlen(hex);
  if (n % 2 || n / 2 > cap) return -1;
  for (size_t i = 0; i < n; i += 2) {
    int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return -1;
    out[i / 2] = (char)(hi << 4 | lo);
  }
  return (int)(n / 2);
}

static void tohex(const char *data, size_t n, char *out) {
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < n; i++) {
    out[2 * i] = digits[(unsigned char)data[i] >> 4];
    out[2 * i + 1] = digits[(unsigned char)data[i] & 15];
  }
  out[2 * n] = 0;
}

/* ---- SHA-256 (FIPS 180-4), for the compile cache ---- */

typedef struct {
  unsigned h[8];
  unsigned char block[64];
  unsigned long long bytes;
} sha256_ctx;

static const unsigned sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
    0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
    0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
    0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2};

#define ROR32(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(sha256_ctx *c, const unsigned char *p) {
  unsigned w[64], a[8];
  for (int i = 0; i < 16; i++) w[i] = (unsigned)p[4 * i] << 24 | p[4 * i + 1] << 16 | p[4 * i + 2] << 8 | p[4 * i + 3];
  for (int i = 16; i < 64; i++) {
    unsigned s0 = ROR32(w[i - 15], 7) ^ ROR32(w[i - 15], 18) ^ (w[i - 15] >> 3);
    unsigned s1 = ROR32(w[i - 2], 17) ^ ROR32(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  memcpy(a, c->h, sizeof a);
  for (int i = 0; i < 64; i++) {
    unsigned t1 = a[7] + (ROR32(a[4], 6) ^ ROR32(a[4], 11) ^ ROR32(a[4], 25)) + ((a[4] & a[5]) ^ (~a[4] & a[6])) +
                  sha256_k[i] + w[i];
    unsigned t2 = (ROR32(a[0], 2) ^ ROR32(a[0], 13) ^ ROR32(a[0], 22)) + ((a[0] & a[1]) ^ (a[0] & a[2]) ^ (a[1] & a[2]));
    memmove(a + 1, a, 7 * sizeof a[0]);
    a[4] += t1;
    a[0] = t1 + t2;
  }
  for (int i = 0; i < 8; i++) c->h[i] += a[i];
}

static void sha256_init(sha256_ctx *c) {
  static const unsigned h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  memcpy(c->h, h0, sizeof h0);
  c->bytes = 0;
}

static void sha256_update(sha256_ctx *c, const void *data, size_t n) {
  const unsigned char *p = data;
  while (n > 0) {
    size_t at = c->bytes % 64, take = 64 - at < n ? 64 - at : n;
    memcpy(c->block + at, p, take);
    c->bytes += take;
    p += take;
    n -= take;
    if (c->bytes % 64 == 0) sha256_block(c, c->block);
  }
}

static void sha256_hex(sha256_ctx *c, char out[65]) {
  unsigned long long bits = c->bytes * 8;
  unsigned char pad = 0x80, zero = 0, len[8];
  sha256_update(c, &pad, 1);
  while (c->bytes % 64 != 56) sha256_update(c, &zero, 1);
  for (int i = 0; i < 8; i++) len[i] = (unsigned char)(bits >> (56 - 8 * i));
  sha256_update(c, len, 8);
  for (int i = 0; i < 8; i++) sprintf(out + 8 * i, "%08x", c->h[i]);
}

/* SHA-256 of a file's content; -1 when it cannot be read. */
/* Hashes the agent already made, by file identity: a file whose inode, size, mtime and ctime are
 * unchanged has the same content (ctime cannot be set by a program; every write moves it). The
 * clock behind them is coarse (a tick), so a hash is kept only for a file last changed well
 * before it was read: a write in the same tick would leave the times as they were. This table is
 * in the saved state, so after a restore the lab files placed there are not hashed again (hashing
 * is slow while v86 has not translated the code yet). */
static struct hashed {
  dev_t dev;
  ino_t ino;
  off_t size;
  struct timespec mtime, ctime;
  char sha[65];
} hashed[128];
static unsigned hashed_next;

static int same_file(const struct hashed *h, const struct stat *st) {
  return h->sha[0] && h->dev == st->st_dev && h->ino == st->st_ino && h->size == st->st_size &&
         h->mtime.tv_sec == st->st_mtim.tv_sec && h->mtime.tv_nsec == st->st_mtim.tv_nsec &&
         h->ctime.tv_sec == st->st_ctim.tv_sec && h->ctime.tv_nsec == st->st_ctim.tv_nsec;
}

static int sha256_file(const char *path, char out[65]) {
  int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return -1;
  struct stat st;
  if (fstat(fd, &st) != 0) {
    close(fd);
    return -1;
  }
  for (size_t i = 0; i < sizeof hashed / sizeof hashed[0]; i++)
    if (same_file(&hashed[i], &st)) {
      close(fd);
      memcpy(out, hashed[i].sha, 65);
      return 0;
    }
  sha256_ctx c;
  sha256_init(&c);
  char buf[8192];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) sha256_update(&c, buf, n);
  close(fd);
  if (n < 0) return -1;
  sha256_hex(&c, out);
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  long long age_ms = (now.tv_sec - st.st_ctim.tv_sec) * 1000LL + (now.tv_nsec - st.st_ctim.tv_nsec) / 1000000;
  if (S_ISREG(st.st_mode) && age_ms > 100) {
    struct hashed *h = &hashed[hashed_next++ % (sizeof hashed / sizeof hashed[0])];
    h->dev = st.st_dev;
    h->ino = st.st_ino;
    h->size = st.st_size;
    h->mtime = st.st_mtim;
    h->ctime = st.st_ctim;
    memcpy(h->sha, out, 65);
  }
  return 0;
}

/* ---- files ---- */

static uid_t uid_of_tty(int tty) { return LAB_UID + tty; }

/* The file rights the agent uses from now on: root's, or a lab user's (setfsuid: permission checks
 * are made as that user, and links lead only where that user could go anyway). */
static void files_as(uid_t uid) {
  setfsuid(uid);
  setfsgid(uid ? LAB_GID : 0);
}

/* Folders the page writes are the lab's (group-writable: each terminal has a user of its own). */
static void mkdirs(const char *path) {
  char p[4096];
  snprintf(p, sizeof p, "%s", path);
  for (char *s = p + 1; *s; s++) {
    if (*s != '/') continue;
    *s = 0;
    if (mkdir(p, 0775) == 0) chmod(p, 0775);
    *s = '/';
  }
}

static int writable_by_page(const char *path) {
  return (!strncmp(path, "/lab/", 5) || !strncmp(path, "/tmp/", 5)) && !strstr(path, "/../");
}

static void cmd_put(const char *req, char *path, const char *offset, const char *hex) {
  static char data[MAX_LINE / 2];
  int n = unhex(hex, data, sizeof data);
  long off = atol(offset);
  if (n < 0 || !writable_by_page(path)) return say("@err %s bad put", req);
  files_as(LAB_UID);
  mkdirs(path);
  int fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | (off == 0 ? O_TRUNC : 0), 0664);
  if (fd < 0) {
    say("@err %s open %s: %s", req, path, strerror(errno));
  } else {
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) say("@err %s open %s: not a regular file", req, path);
    else if (pwrite(fd, data, n, off) != n) say("@err %s write %s: %s", req, path, strerror(errno));
    else say("@ok %s", req);
    close(fd);
  }
  files_as(0);
}

/* The content of the regular file PATH (not a link), at most CAP bytes, read with the file rights
 * in force; NULL when it cannot be. The caller frees it. */
static char *slurp(const char *path, size_t cap, size_t *len) {
  int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return NULL;
  struct stat st;
  char *data = NULL;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size <= cap) data = malloc(st.st_size + 1);
  size_t got = 0;
  ssize_t n = 1;
  while (data && got < (size_t)st.st_size && (n = read(fd, data + got, st.st_size - got)) > 0) got += n;
  close(fd);
  if (data && (n < 0 || got != (size_t)st.st_size)) {
    free(data);
    data = NULL;
  }
  *len = got;
  return data;
}

/* Writes DATA to a new file TO (what was at TO is removed first, and never followed): 0 or -1. */
static int spill(const char *to, const char *data, size_t len, mode_t mode) {
  unlink(to);
  int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  if (out < 0) return -1;
  fchmod(out, mode);
  int ok = 1;
  for (size_t off = 0; ok && off < len;) {
    ssize_t w = write(out, data + off, len - off);
    if (w <= 0) ok = 0;
    else off += w;
  }
  if (close(out) != 0) ok = 0;
  if (!ok) unlink(to);
  return ok ? 0 : -1;
}

/* Writes TEXT to a kernel file (proc, sysfs, cgroup, tracefs); 0 when the kernel took it. */
static int write_text(const char *path, const char *text) {
  int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t n = write(fd, text, strlen(text));
  int saved = errno;
  close(fd);
  errno = saved;
  return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* ---- a memory cgroup per terminal ---- */

#define CGROUP "/sys/fs/cgroup" /* cgroup2, mounted by init */
static int memcg_ok;            /* the kernel has memory cgroups and the terminals' groups exist */

static void memcg_path(int tty, const char *file, char *out, size_t cap) {
  snprintf(out, cap, CGROUP "/tty%d/%s", tty, file);
}

/* Each terminal's programs (and the compiles for it) share one memory cgroup: everything they hold
 * counts against one cap (heap and stacks of every process they start, memfd and other shared
 * memory, the files they write in /lab and /tmp), which RLIMIT_AS, per process and address space
 * only, does not. At the cap the kernel's OOM killer ends all of them (memory.oom.group), never a
 * program of another terminal or the agent. */
static void memcg_set_cap(void) {
  char path[64], text[32];
  snprintf(text, sizeof text, "%ld", limits.mem);
  for (int tty = 0; tty < TTYS && memcg_ok; tty++) {
    memcg_path(tty, "memory.max", path, sizeof path);
    if (write_text(path, text) != 0) say("@log %s: %s", path, strerror(errno));
  }
}

static void memcg_setup(void) {
  if (write_text(CGROUP "/cgroup.subtree_control", "+memory") != 0) {
    say("@log memory cgroups: %s (the terminals have no memory cap beyond RLIMIT_AS)", strerror(errno));
    return;
  }
  for (int tty = 0; tty < TTYS; tty++) {
    char path[64];
    snprintf(path, sizeof path, CGROUP "/tty%d", tty);
    if (mkdir(path, 0755) != 0 && errno != EEXIST) return say("@log %s: %s", path, strerror(errno));
    memcg_path(tty, "memory.oom.group", path, sizeof path);
    if (write_text(path, "1") != 0) return say("@log %s: %s", path, strerror(errno));
  }
  memcg_ok = 1;
  memcg_set_cap();
}

/* In a new child, before it drops root: into its terminal's memory cgroup. */
static int memcg_join(int tty) {
  char path[64];
  memcg_path(tty, "cgroup.procs", path, sizeof path);
  return memcg_ok ? write_text(path, "0") : 0;
}

/* The cap of TTY's cgroup in KiB (0 when it has none). */
static long memcg_cap_kib(int tty) {
  char path[64], text[32];
  memcg_path(tty, "memory.max", path, sizeof path);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  ssize_t n = read(fd, text, sizeof text - 1);
  close(fd);
  text[n > 0 ? n : 0] = 0;
  return atol(text) / 1024; /* "max" reads as 0 */
}

/* ---- processes ---- */

static struct {
  pid_t pid;
  int tty;
  int warned; /* "@limit procs" was said for it */
} spawned[64];

static void remember(pid_t pid, int tty) {
  for (int i = 0; i < 64; i++)
    if (spawned[i].pid == 0) {
      spawned[i].pid = pid;
      spawned[i].tty = tty;
      spawned[i].warned = 0;
      return;
    }
}

static int running_count(void) {
  int n = 0;
  for (int i = 0; i < 64; i++) n += spawned[i].pid != 0;
  return n;
}

static void set_limit(int resource, long soft, long hard) {
  struct rlimit r = {(rlim_t)soft, (rlim_t)hard};
  setrlimit(resource, &r);
}

/* A terminal's full default settings (the kernel's for a new terminal, as stty sane gives them): a
 * program that changed any of them (raw mode, no echo, "stty kill e stop o") leaves nothing behind. */
static void default_termios(struct termios *t, int cooked) {
  static const struct {
    int index;
    cc_t value;
  } chars[] = {{VINTR, 3},    {VQUIT, 28},    {VERASE, 127},  {VKILL, 21},   {VEOF, 4},    {VTIME, 0},
               {VMIN, 1},     {VSTART, 17},   {VSTOP, 19},    {VSUSP, 26},   {VEOL, 0},    {VREPRINT, 18},
               {VDISCARD, 15}, {VWERASE, 23}, {VLNEXT, 22},   {VEOL2, 0}};
  memset(t->c_cc, 0, sizeof t->c_cc);
  for (size_t i = 0; i < sizeof chars / sizeof chars[0]; i++) t->c_cc[chars[i].index] = chars[i].value;
  t->c_iflag = cooked ? ICRNL | IXON | IUTF8 | BRKINT | IMAXBEL : 0;
  t->c_oflag = OPOST | ONLCR;
  t->c_lflag = cooked ? ICANON | ISIG | IEXTEN | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE : 0;
}

/* A new pseudo-terminal for TTY's next program, in cooked mode; its slave's path in SLAVE. The one
 * before is closed (whatever still held its slave is hung up). */
static int new_pty(int tty, char *slave, size_t cap) {
  if (master[tty] >= 0) close(master[tty]);
  master_idle[tty] = 0;
  master[tty] = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
  if (master[tty] < 0) return -1;
  struct termios t;
  if (grantpt(master[tty]) != 0 || unlockpt(master[tty]) != 0 || ptsname_r(master[tty], slave, cap) != 0 ||
      tcgetattr(master[tty], &t) != 0) {
    close(master[tty]);
    master[tty] = -1;
    return -1;
  }
  default_termios(&t, 1);
  tcsetattr(master[tty], TCSANOW, &t); /* on the master: the slave's settings, before anyone reads */
  struct winsize size = {24, 80, 0, 0};
  ioctl(master[tty], TIOCSWINSZ, &size);
  return 0;
}

/* In the child: a new session whose controlling terminal is the pseudo-terminal SLAVE (stdin), with
 * /dev/ttyS<tty> as stdout and stderr (none for TTY 0: /dev/null), default signal dispositions and
 * an empty signal mask (exec keeps SIG_IGN and the mask, so reset both), the lab's limits, and the
 * terminal's unprivileged user (root is not bound by RLIMIT_NPROC). */
static void child(int tty, const char *slave, const char *dir, char **argv) {
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  for (int s = 1; s < NSIG; s++) signal(s, SIG_DFL);
  setsid();
  int in, out;
  if (tty == 0) {
    in = out = open("/dev/null", O_RDWR);
  } else {
    in = open(slave, O_RDWR);
    if (in >= 0) {
      ioctl(in, TIOCSCTTY, 0);
      fchown(in, uid_of_tty(tty), LAB_GID);
      fchmod(in, 0620);
    }
    char dev[32];
    snprintf(dev, sizeof dev, "/dev/ttyS%d", tty);
    out = open(dev, O_RDWR | O_NOCTTY);
    if (out >= 0) {
      struct termios t;
      if (tcgetattr(out, &t) == 0) {
        default_termios(&t, 0); /* the program's output only: no echo, no signals from its input */
        tcsetattr(out, TCSANOW, &t);
      }
      tcflush(out, TCIFLUSH);
    }
  }
  if (in < 0 || out < 0) _exit(126);
  dup2(in, 0);
  dup2(out, 1);
  dup2(out, 2);
  for (int i = 3; i < 256; i++) close(i);
  /* The kernel's OOM killer takes a lab program before the agent (init made the agent -1000). */
  int oom = open("/proc/self/oom_score_adj", O_WRONLY);
  if (oom >= 0) {
    write(oom, "1000", 4);
    close(oom);
  }
  if (memcg_join(tty) != 0) {
    fprintf(stderr, "cannot enter the terminal's memory cgroup: %s\r\n", strerror(errno));
    _exit(126);
  }
  setpriority(PRIO_PROCESS, 0, 5); /* a busy loop leaves the agent the time to answer Stop */
  set_limit(RLIMIT_NPROC, limits.nproc, limits.nproc);
  set_limit(RLIMIT_FSIZE, limits.fsize, limits.fsize);
  set_limit(RLIMIT_CPU, limits.cpu, limits.cpu + 5);
  set_limit(RLIMIT_AS, limits.as, limits.as);
  set_limit(RLIMIT_CORE, 0, 0);
  umask(002); /* the lab's folders are shared by the terminals' users (group lab) */
  uid_t uid = uid_of_tty(tty);
  if (setgroups(0, NULL) != 0 || setgid(LAB_GID) != 0 || setuid(uid) != 0) {
    fprintf(stderr, "cannot become the lab user: %s\r\n", strerror(errno));
    _exit(126);
  }
  if (chdir(dir) != 0) {
    fprintf(stderr, "cannot enter %s: %s\r\n", dir, strerror(errno));
    _exit(126);
  }
  char user[16];
  snprintf(user, sizeof user, tty ? "lab%d" : "lab", tty);
  setenv("PATH", "/usr/bin:/bin:/usr/sbin:/sbin", 1);
  setenv("HOME", "/lab", 1);
  setenv("TERM", "xterm", 1);
  setenv("USER", user, 1);
  execvp(argv[0], argv);
  fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
  _exit(127);
}

static void kill_user(uid_t uid);

static pid_t start(const char *req, int tty, const char *dir, char **argv) {
  char slave[64] = "";
  if (tty > 0) {
    kill_user(uid_of_tty(tty)); /* what the terminal's last program left running */
    if (new_pty(tty, slave, sizeof slave) != 0) {
      say("@err %s pseudo-terminal: %s", req, strerror(errno));
      return -1;
    }
  }
  pid_t pid = fork();
  if (pid < 0) {
    say("@err %s fork: %s", req, strerror(errno));
    return -1;
  }
  if (pid == 0) child(tty, slave, dir, argv);
  if (tty > 0) master_owner[tty] = pid;
  remember(pid, tty);
  return pid;
}

/* Decodes hex tokens into argv[first...]; returns the new argc or -1. */
static int decode_args(char **tok, int ntok, char **argv, int first) {
  static char args[MAX_ARGS][4096];
  int argc = first;
  for (int i = 0; i < ntok; i++, argc++) {
    if (argc >= MAX_ARGS) return -1;
    int n = unhex(tok[i], args[argc], sizeof args[argc] - 1);
    if (n < 0) return -1;
    args[argc][n] = 0;
    argv[argc] = args[argc];
  }
  argv[argc] = NULL;
  return argc;
}

static int tty_of(const char *text) {
  int tty = atoi(text);
  return tty >= 0 && tty < TTYS ? tty : -1;
}

static void cmd_input(const char *req, const char *tty_text, const char *hex) {
  static char data[MAX_LINE / 2];
  int tty = tty_of(tty_text), n = unhex(hex, data, sizeof data);
  if (tty <= 0 || n < 0) return say("@err %s bad input", req);
  if (master[tty] < 0) return say("@err %s input: no program on ttyS%d", req, tty);
  int taken = 0;
  while (taken < n) {
    ssize_t w = write(master[tty], data + taken, n - taken);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) break;
    taken += w;
  }
  if (taken < n) return say("@err %s input: the program's input is full (%d of %d bytes taken)", req, taken, n);
  say("@ok %s", req);
}

/* What the pseudo-terminal of TTY showed since the last call, to the page. When no one holds its
 * slave (EIO: the program closed its stdin, or ended) it is no longer polled; it stays open, as a
 * terminal window does, until its program ends (closing it would hang up the program: SIGHUP). */
static void forward_echo(int tty) {
  char data[1024], hex[2 * sizeof data + 1];
  for (int round = 0; round < 8 && master[tty] >= 0; round++) {
    ssize_t n = read(master[tty], data, sizeof data);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    if (n <= 0) {
      master_idle[tty] = 1;
      return;
    }
    tohex(data, n, hex);
    say("@echo %d %s", tty, hex);
  }
}

static void cmd_spawn(const char *req, char **tok, int ntok) {
  char *argv[MAX_ARGS + 1];
  if (ntok < 3) return say("@err %s bad spawn", req);
  int tty = tty_of(tok[0]);
  if (tty < 0) return say("@err %s bad tty", req);
  if (decode_args(tok + 2, ntok - 2, argv, 0) < 1) return say("@err %s bad argument", req);
  pid_t pid = start(req, tty, tok[1], argv);
  if (pid > 0) say("@spawned %s %d", req, (int)pid);
}

/* ---- the compile cache ---- */

/* A build whose binary is remembered when tcc exits 0. */
static struct build {
  pid_t pid;
  uid_t uid; /* who ran tcc */
  char dir[1024], out[256], deps[64], key[65];
} builds[8];

/* Cache key: the compiler's flags, the source's name and its content. Not the folder: the inputs
 * tcc found beside the source (its "..." headers) are kept relative to the folder, so a build made
 * in one folder serves another with the same files (the image's saved state holds builds of the
 * course's programs made in a folder of their own). */
static int build_key(const char *dir, const char *src, char **flags, int nflags, char key[65]) {
  char path[1400], content[65];
  snprintf(path, sizeof path, "%s/%s", dir, src);
  if (sha256_file(path, content) != 0) return -1;
  sha256_ctx c;
  sha256_init(&c);
  for (int i = 0; i < nflags; i++) sha256_update(&c, flags[i], strlen(flags[i]) + 1);
  sha256_update(&c, "", 1);
  sha256_update(&c, src, strlen(src) + 1);
  sha256_update(&c, content, 64);
  sha256_hex(&c, key);
  return 0;
}

static int is_header(const struct dirent *e) {
  size_t n = strlen(e->d_name);
  return n > 2 && !strcmp(e->d_name + n - 2, ".h");
}

/* SHA-256 of the names of the headers in DIR: a header added beside the source would shadow a
 * system header tcc used (which the inputs do not list), so which headers are there is an input. */
static int headers_in(const char *dir, char out[65]) {
  struct dirent **names;
  int n = scandir(dir, &names, is_header, alphasort);
  if (n < 0) return -1;
  sha256_ctx c;
  sha256_init(&c);
  for (int i = 0; i < n; i++) {
    sha256_update(&c, names[i]->d_name, strlen(names[i]->d_name) + 1);
    free(names[i]);
  }
  free(names);
  sha256_hex(&c, out);
  return 0;
}

#define HEADERS_INPUT "*.h" /* the line of a build's inputs that stands for headers_in() */
#define IMAGE_INPUT "image"  /* the hash of an input that is part of the image: not read again */

/* Files of the image (/usr: system headers, tcc's own, glibc): root's, which no lab program can
 * change, so a build's inputs there are not hashed (hashing them was most of a cache hit's time:
 * v86 runs the agent's code untranslated for a while after each restore). */
static int part_of_image(const char *path) { return !strncmp(path, "/usr/", 5) && !strstr(path, "/../"); }

#define MAX_BINARY (16 << 20) /* the largest binary the cache keeps */

/* Whether every input file of a build still has the SHA-256 it had then (relative paths: in DIR).
 * The list is the cache's (read as root); the files are the lab's (hashed with the lab's rights). */
static int inputs_unchanged(const char *variant, const char *dir) {
  char path[1400];
  size_t len;
  snprintf(path, sizeof path, "%s/inputs", variant);
  char *list = slurp(path, 1 << 20, &len);
  if (!list) return 0;
  list[len] = 0;
  files_as(LAB_UID);
  int ok = 1, count = 0;
  for (char *line = list, *nl; ok && *line; line = nl + 1) {
    char *sp = strchr(line, ' '), now[65];
    nl = strchr(line, '\n');
    if (!sp || !nl || sp > nl) {
      ok = 0;
      break;
    }
    *sp = 0;
    *nl = 0;
    if (sp[1] == '/') snprintf(path, sizeof path, "%s", sp + 1);
    else snprintf(path, sizeof path, "%s/%s", dir, sp + 1);
    if (!strcmp(sp + 1, HEADERS_INPUT)) ok = headers_in(dir, now) == 0 && strcmp(now, line) == 0;
    else if (part_of_image(path)) ok = !strcmp(line, IMAGE_INPUT);
    else ok = sha256_file(path, now) == 0 && strcmp(now, line) == 0;
    count++;
  }
  files_as(0);
  free(list);
  return ok && count > 0;
}

/* Copies the binary of a build of KEY whose inputs are unchanged to TARGET (a new file of the lab
 * user's, never through a link); 0 when there was one. A key (flags, source) holds one build per
 * set of inputs: CACHE_DIR/KEY/INPUTS-SHA256/. */
static int reuse_build(const char *key, const char *dir, const char *target) {
  char entry[200], variant[400], bin[420];
  snprintf(entry, sizeof entry, CACHE_DIR "/%s", key);
  DIR *d = opendir(entry);
  if (!d) return -1;
  struct dirent *e;
  int done = -1;
  while (done != 0 && (e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    snprintf(variant, sizeof variant, "%s/%s", entry, e->d_name);
    snprintf(bin, sizeof bin, "%s/bin", variant);
    if (!inputs_unchanged(variant, dir)) continue;
    size_t len;
    char *binary = slurp(bin, MAX_BINARY, &len);
    if (!binary) continue;
    files_as(LAB_UID);
    done = spill(target, binary, len, 0775);
    files_as(0);
    free(binary);
  }
  closedir(d);
  return done;
}

/* After tcc exited 0: the inputs it read (its -MD file) with their SHA-256, and the binary. Every
 * file of the lab's is read with the rights of the user who ran tcc and never through a link, and
 * the cache keeps only what the agent itself wrote there, from those bytes. */
static void remember_build(struct build *b) {
  char dir[200], inputs[300], path[1400], hex[65];
  size_t deps_len, binary_len;
  files_as(b->uid);
  char *deps = slurp(b->deps, 1 << 20, &deps_len);
  unlink(b->deps);
  snprintf(path, sizeof path, "%s/%s", b->dir, b->out);
  char *binary = slurp(path, MAX_BINARY, &binary_len);
  /* The list of inputs with their hashes, made in memory. */
  static char list[1 << 16];
  size_t used = 0;
  int ok = deps && binary && binary_len > 4 && !memcmp(binary, "\177ELF", 4), count = 0;
  if (deps) deps[deps_len] = 0;
  for (char *word = deps ? strtok(deps, " \t\r\n") : NULL; ok && word; word = strtok(NULL, " \t\r\n")) {
    size_t n = strlen(word);
    if (!strcmp(word, "\\") || word[n - 1] == ':') continue; /* "target:" and line continuations */
    if (word[0] == '/') snprintf(path, sizeof path, "%s", word);
    else snprintf(path, sizeof path, "%s/%s", b->dir, word);
    if (part_of_image(path)) snprintf(hex, sizeof hex, "%s", IMAGE_INPUT);
    int w = part_of_image(path) || sha256_file(path, hex) == 0
                ? snprintf(list + used, sizeof list - used, "%s %s\n", hex, word)
                : -1;
    ok = w > 0 && (size_t)w < sizeof list - used; /* as tcc named it */
    if (ok) used += w;
    count++;
  }
  if (ok) {
    int w = headers_in(b->dir, hex) == 0 ? snprintf(list + used, sizeof list - used, "%s %s\n", hex, HEADERS_INPUT) : -1;
    ok = w > 0 && (size_t)w < sizeof list - used;
    if (ok) used += w;
  }
  files_as(0);
  if (ok && count > 0) {
    sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, list, used);
    sha256_hex(&c, hex);
    char variant[400], bin[420], kept[420];
    snprintf(dir, sizeof dir, CACHE_DIR "/%s", b->key);
    mkdir(dir, 0700);
    snprintf(variant, sizeof variant, "%s/%s", dir, hex);
    snprintf(bin, sizeof bin, "%s/bin", variant);
    snprintf(kept, sizeof kept, "%s/inputs", variant);
    snprintf(inputs, sizeof inputs, "%s/.inputs-%d", dir, (int)b->pid);
    mkdir(variant, 0700);
    if (spill(bin, binary, binary_len, 0700) != 0 || spill(inputs, list, used, 0600) != 0 || rename(inputs, kept) != 0) {
      unlink(bin);
      unlink(inputs);
      rmdir(variant);
    }
  }
  free(deps);
  free(binary);
}

static void cmd_build(const char *req, char **tok, int ntok) {
  static int counter;
  char *argv[MAX_ARGS + 1];
  if (ntok < 4) return say("@err %s bad build", req);
  int tty = tty_of(tok[0]);
  const char *dir = tok[1], *src = tok[2], *out = tok[3];
  if (tty < 0 || strchr(src, '/') || strchr(out, '/') || dir[0] != '/') return say("@err %s bad build", req);
  argv[0] = "tcc";
  int argc = decode_args(tok + 4, ntok - 4, argv, 1);
  if (argc < 0 || argc + 6 > MAX_ARGS) return say("@err %s bad argument", req);
  char key[65], target[1400];
  files_as(LAB_UID);
  int keyed = build_key(dir, src, argv + 1, argc - 1, key);
  files_as(0);
  if (keyed != 0) return say("@err %s cannot read %s/%s", req, dir, src);
  snprintf(target, sizeof target, "%s/%s", dir, out);
  if (reuse_build(key, dir, target) == 0) return say("@cached %s", req);

  struct build *b = NULL;
  for (int i = 0; i < 8 && !b; i++)
    if (builds[i].pid == 0) b = &builds[i];
  static char deps_path[64];
  snprintf(deps_path, sizeof deps_path, "/tmp/.tcc-inputs-%d.d", ++counter);
  static char mdflag[] = "-MD", mfflag[] = "-MF", oflag[] = "-o";
  static char outbuf[256], srcbuf[256];
  snprintf(outbuf, sizeof outbuf, "%s", out);
  snprintf(srcbuf, sizeof srcbuf, "%s", src);
  argv[argc++] = mdflag;
  argv[argc++] = mfflag;
  argv[argc++] = deps_path;
  argv[argc++] = oflag;
  argv[argc++] = outbuf;
  argv[argc++] = srcbuf;
  argv[argc] = NULL;
  pid_t pid = start(req, tty, dir, argv);
  if (pid <= 0) return;
  if (b) {
    b->pid = pid;
    b->uid = uid_of_tty(tty);
    snprintf(b->dir, sizeof b->dir, "%s", dir);
    snprintf(b->out, sizeof b->out, "%s", out);
    snprintf(b->deps, sizeof b->deps, "%s", deps_path);
    memcpy(b->key, key, sizeof key);
  }
  say("@spawned %s %d", req, (int)pid);
}

/* Waits until what the process wrote to its terminal has left the UART, and passes on what its
 * pseudo-terminal still holds, so its last output and echo reach the page before its exit status. */
static void drain_tty_of(pid_t pid) {
  for (int i = 0; i < 64; i++) {
    if (spawned[i].pid != pid) continue;
    int tty = spawned[i].tty;
    if (tty > 0) {
      char dev[32];
      snprintf(dev, sizeof dev, "/dev/ttyS%d", tty);
      int fd = open(dev, O_RDWR | O_NOCTTY | O_NONBLOCK);
      if (fd >= 0) {
        tcdrain(fd);
        close(fd);
      }
      if (master[tty] >= 0 && master_owner[tty] == pid) {
        forward_echo(tty);
        close(master[tty]); /* its program ended: the terminal window closes */
        master[tty] = -1;
      }
    }
    spawned[i].pid = 0;
  }
}

static void reap(void) {
  int st;
  pid_t pid;
  while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
    drain_tty_of(pid);
    for (int i = 0; i < 8; i++) {
      if (builds[i].pid != pid) continue;
      if (WIFEXITED(st) && WEXITSTATUS(st) == 0) remember_build(&builds[i]);
      else unlink(builds[i].deps);
      builds[i].pid = 0;
    }
    if (WIFSIGNALED(st)) say("@exit %d signal %d", (int)pid, WTERMSIG(st));
    else if (WIFEXITED(st)) say("@exit %d code %d", (int)pid, WEXITSTATUS(st));
  }
}

/* SIGKILL to every process of UID, whatever sessions or groups they made: kill(-1) from a process
 * of that user reaches exactly them, and it cannot miss a child forked meanwhile (the kernel does
 * not let a fork finish once its parent has a fatal signal pending). */
static void kill_user(uid_t uid) {
  pid_t killer = fork();
  if (killer == 0) {
    if (setgroups(0, NULL) == 0 && setgid(LAB_GID) == 0 && setresuid(uid, uid, uid) == 0) kill(-1, SIGKILL);
    _exit(0);
  }
  if (killer > 0) waitpid(killer, NULL, 0);
}

static int tty_of_pid(pid_t pid) {
  for (int i = 0; i < 64; i++)
    if (spawned[i].pid == pid) return spawned[i].tty;
  return -1;
}

static void cmd_signal(const char *req, const char *pid_text, const char *signo_text) {
  pid_t pid = atoi(pid_text);
  int signo = atoi(signo_text);
  if (pid <= 1) return say("@err %s bad pid", req);
  int ok = kill(-pid, signo) == 0 || kill(pid, signo) == 0;
  int tty = tty_of_pid(pid);
  if (signo == SIGKILL && tty >= 0) {
    kill_user(uid_of_tty(tty));
    ok = 1;
  }
  if (!ok) say("@err %s kill: %s", req, strerror(errno));
  else say("@ok %s", req);
}

/* ---- limits the page is told about: processes, full disks, memory ---- */

/* Processes of each terminal's user (uid 1000 + tty), from /proc. */
static void count_processes(int count[TTYS]) {
  memset(count, 0, TTYS * sizeof count[0]);
  DIR *d = opendir("/proc");
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] < '1' || e->d_name[0] > '9') continue;
    char path[64];
    struct stat st;
    snprintf(path, sizeof path, "/proc/%s", e->d_name);
    if (stat(path, &st) == 0 && st.st_uid >= LAB_UID && st.st_uid < LAB_UID + TTYS) count[st.st_uid - LAB_UID]++;
  }
  closedir(d);
}

/* Threads in the whole guest (/proc/loadavg's "running/total"): when they are fewer than a user's
 * limit, there is no need to look at each process. */
static int guest_threads(void) {
  char text[128];
  int fd = open("/proc/loadavg", O_RDONLY | O_CLOEXEC), total = 0;
  if (fd < 0) return 1 << 30;
  ssize_t n = read(fd, text, sizeof text - 1);
  close(fd);
  text[n > 0 ? n : 0] = 0;
  char *slash = strchr(text, '/');
  return slash && sscanf(slash + 1, "%d", &total) == 1 ? total : 1 << 30;
}

static void check_limits(void) {
  static const char *disks[] = {"/lab", "/tmp"};
  static int was_full[2];
  if (guest_threads() * 10 >= limits.nproc * 9) {
    int count[TTYS];
    count_processes(count);
    for (int i = 0; i < 64; i++) {
      int tty = spawned[i].tty; /* 90%: a fork bomb's count comes and goes around the limit */
      if (spawned[i].pid && !spawned[i].warned && count[tty] * 10 >= limits.nproc * 9) {
        spawned[i].warned = 1;
        say("@limit %d procs %d", (int)spawned[i].pid, count[tty]);
      }
    }
  }
  for (int i = 0; i < 2; i++) {
    struct statfs fs;
    int full = statfs(disks[i], &fs) == 0 && (fs.f_bavail == 0 || fs.f_ffree == 0);
    if (full && !was_full[i]) say("@limit 0 disk %s", disks[i]);
    was_full[i] = full;
  }
}

/* The kernel's log, for the OOM killer's reports ("Out of memory: Killed process 123 (server)
 * total-vm:..kB, anon-rss:..kB, file-rss:..kB, shmem-rss:..kB, UID:1001 ..."), said as "@oom". */
static void read_kmsg(void) {
  char record[2048];
  for (int round = 0; round < 32; round++) {
    ssize_t n = read(kmsg, record, sizeof record - 1);
    if (n < 0 && errno == EPIPE) continue; /* records were overwritten meanwhile: read on */
    if (n <= 0) return;
    record[n] = 0;
    char *killed = strstr(record, "Killed process "), comm[64] = "?";
    int by_cap = strstr(record, "Memory cgroup out of memory") != NULL;
    int pid, uid = -1;
    long anon = 0, shmem = 0;
    if (!killed || sscanf(killed, "Killed process %d (%63[^)])", &pid, comm) < 1) continue;
    char *at;
    if ((at = strstr(killed, "anon-rss:"))) sscanf(at, "anon-rss:%ldkB", &anon);
    if ((at = strstr(killed, "shmem-rss:"))) sscanf(at, "shmem-rss:%ldkB", &shmem);
    if ((at = strstr(killed, "UID:"))) sscanf(at, "UID:%d", &uid);
    if (uid < LAB_UID || uid >= LAB_UID + TTYS) continue;
    for (char *c = comm; *c; c++)
      if (*c <= ' ' || *c > '~') *c = '?';
    int tty = uid - LAB_UID;
    say("@oom %d %d %ld %ld %s", tty, pid, anon + shmem, by_cap ? memcg_cap_kib(tty) : 0L, comm);
  }
}

static void cmd_limits(const char *req, char **tok) {
  long v[5];
  for (int i = 0; i < 5; i++) {
    v[i] = atol(tok[i]);
    if (v[i] <= 0) return say("@err %s bad limits", req);
  }
  limits.nproc = v[0];
  limits.fsize = v[1];
  limits.cpu = v[2];
  limits.as = v[3];
  limits.mem = v[4];
  memcg_set_cap();
  say("@ok %s", req);
}

/* ---- what the kernel shows: segments, socket states ---- */

/* How many bytes of each packet "@pkt" carries: the IP and TCP headers (at most 120) and the start
 * of the payload, as `tcpdump -s 256` keeps. */
#define PKT_SNAP 256

/* Reads one queued packet; returns 0 when none is left. Its time is when the kernel received it
 * (SIOCGSTAMP), not when the agent got to it. */
static int sniff_one(void) {
  unsigned char p[2048];
  struct sockaddr_ll from;
  socklen_t fl = sizeof from;
  ssize_t n = recvfrom(sniff, p, sizeof p, MSG_TRUNC | MSG_DONTWAIT, (struct sockaddr *)&from, &fl);
  if (n < 0) return 0;
  if (n < 20 || from.sll_pkttype == PACKET_OUTGOING) return 1; /* lo shows each packet twice */
  struct timeval stamp;
  long long when = ioctl(sniff, SIOCGSTAMP_OLD_, &stamp) == 0 ? (long long)stamp.tv_sec * 1000000 + stamp.tv_usec : usec_now();
  int ihl = (p[0] & 15) * 4;
  if (p[9] != IPPROTO_TCP || n < ihl + 20) return 1;
  unsigned char *t = p + ihl;
  unsigned seq, ack;
  memcpy(&seq, t + 4, 4);
  memcpy(&ack, t + 8, 4);
  int doff = (t[12] >> 4) * 4, f = t[13];
  int len = (p[2] << 8 | p[3]) - ihl - doff;
  char flags[8], *q = flags;
  if (f & 0x02) *q++ = 'S';
  if (f & 0x01) *q++ = 'F';
  if (f & 0x04) *q++ = 'R';
  if (f & 0x08) *q++ = 'P';
  if (f & 0x10) *q++ = 'A';
  if (q == flags) *q++ = '-';
  *q = 0;
  char src[16], dst[16];
  inet_ntop(AF_INET, p + 12, src, sizeof src);
  inet_ntop(AF_INET, p + 16, dst, sizeof dst);
  /* The packet itself, its first PKT_SNAP bytes in hex (the page writes them to a .pcap). */
  char hex[2 * PKT_SNAP + 1];
  int kept = n < PKT_SNAP ? (int)n : PKT_SNAP;
  for (int i = 0; i < kept; i++) sprintf(hex + 2 * i, "%02x", p[i]);
  hex[2 * kept] = 0;
  say("@pkt %lld %s %d %s %d %s %u %u %d %d %zd %s", when, src, t[0] << 8 | t[1], dst, t[2] << 8 | t[3], flags,
      ntohl(seq), ntohl(ack), len, t[14] << 8 | t[15], n, hex);
  return 1;
}

/* /proc/net/tcp; sent when it changed since the last sample, or always when `force`. */
static void sample_tcp(int force) {
  char now[sizeof last_tcp];
  long long when = usec_now();
  int fd = open("/proc/net/tcp", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  char raw[65536];
  ssize_t got = 0, r;
  while (got < (ssize_t)sizeof raw - 1 && (r = read(fd, raw + got, sizeof raw - 1 - got)) > 0) got += r;
  close(fd);
  raw[got] = 0;
  int count = 0, used = 0;
  now[0] = 0;
  char *line = strchr(raw, '\n'); /* skip the header */
  while (line && *++line) {
    char local[32], remote[32], st[8];
    if (sscanf(line, "%*d: %31s %31s %7s", local, remote, st) == 3 && used < (int)sizeof now - 80) {
      used += snprintf(now + used, sizeof now - used, " %s %s %s", local, remote, st);
      count++;
    }
    line = strchr(line, '\n');
  }
  if (!force && strcmp(now, last_tcp) == 0) return;
  strcpy(last_tcp, now);
  say("@tcp %lld %d%s", when, count, now);
}

static const char *tcp_state_names[] = {"",          "ESTABLISHED", "SYN_SENT",   "SYN_RECV", "FIN_WAIT1",
                                        "FIN_WAIT2", "TIME_WAIT",   "CLOSE",      "CLOSE_WAIT", "LAST_ACK",
                                        "LISTEN",    "CLOSING",     "NEW_SYN_RECV"};

static int tcp_state_number(const char *field, const char *line) {
  const char *at = strstr(line, field);
  if (!at) return 0;
  at += strlen(field);
  if (strncmp(at, "TCP_", 4) == 0) at += 4;
  for (int i = 1; i < 13; i++) {
    size_t n = strlen(tcp_state_names[i]);
    if (strncmp(at, tcp_state_names[i], n) == 0 && (at[n] == ' ' || at[n] == 0 || at[n] == '\n')) return i;
  }
  return 0;
}

/* One line of trace_pipe:
 * "  prog-42  [000] ..s1.  123.456789: inet_sock_set_state: family=AF_INET protocol=IPPROTO_TCP
 *  sport=5000 dport=40000 saddr=127.0.0.1 daddr=127.0.0.1 saddrv6=... oldstate=TCP_CLOSE_WAIT newstate=TCP_LAST_ACK" */
/* The tracepoint's times are on trace_clock "tai" (init): the wall clock, as the packets' stamps. */
static int trace_line(char *line) {
  char *event = strstr(line, ": inet_sock_set_state: ");
  if (!event || !strstr(event, "protocol=IPPROTO_TCP")) return 0;
  char *stamp = event;
  while (stamp > line && stamp[-1] != ' ') stamp--;
  long long sec, usec;
  if (sscanf(stamp, "%lld.%6lld", &sec, &usec) != 2) return 0;
  int sport, dport;
  char saddr[16], daddr[16];
  const char *p;
  if (!(p = strstr(event, "sport=")) || sscanf(p, "sport=%d dport=%d", &sport, &dport) != 2) return 0;
  if (!(p = strstr(event, " saddr=")) || sscanf(p, " saddr=%15s daddr=%15s", saddr, daddr) != 2) return 0;
  int old = tcp_state_number("oldstate=", event), new = tcp_state_number("newstate=", event);
  if (!old || !new) return 0;
  say("@state %lld %s %d %s %d %d %d", sec * 1000000 + usec, saddr, sport, daddr, dport, old, new);
  return 1;
}

/* Everything the tracepoint queued; returns how many state changes were said. */
static int drain_trace(void) {
  static char buf[16384];
  static size_t have;
  int said = 0;
  for (;;) {
    ssize_t n = read(trace, buf + have, sizeof buf - 1 - have);
    if (n <= 0) break;
    have += n;
    buf[have] = 0;
    char *start = buf, *nl;
    while ((nl = strchr(start, '\n'))) {
      *nl = 0;
      said += trace_line(start);
      start = nl + 1;
    }
    have -= start - buf;
    memmove(buf, start, have);
    if (have == sizeof buf - 1) have = 0;
  }
  return said;
}

static void trace_states(int on) {
  if (on && trace < 0) {
    trace = open(TRACING "/trace_pipe", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (trace < 0) return; /* a kernel without the tracepoint: /proc/net/tcp samples only */
    write_text(TRACING "/trace", ""); /* what came before this watch is not the page's */
    write_text(TRACING "/events/sock/inet_sock_set_state/enable", "1");
  } else if (!on && trace >= 0) {
    write_text(TRACING "/events/sock/inet_sock_set_state/enable", "0");
    close(trace);
    trace = -1;
  }
}

static void cmd_watch(const char *req, const char *ms) {
  watch_ms = atoi(ms);
  if (watch_ms > 0 && sniff < 0) {
    sniff = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, htons(ETH_P_IP_));
    struct sockaddr_ll sll = {.sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IP_)};
    sll.sll_ifindex = if_nametoindex("lo");
    /* A socket keeps each packet's stamp for SIOCGSTAMP only once it has been asked for one: ask
     * now (it answers ENOENT), or the first packet's time would be when the agent read it. */
    struct timeval unused;
    if (sniff >= 0) ioctl(sniff, SIOCGSTAMP_OLD_, &unused);
    if (sniff < 0 || bind(sniff, (struct sockaddr *)&sll, sizeof sll) < 0) {
      say("@err %s packet socket: %s", req, strerror(errno));
      if (sniff >= 0) close(sniff);
      sniff = -1;
      watch_ms = 0;
      return;
    }
  }
  if (watch_ms <= 0 && sniff >= 0) {
    close(sniff);
    sniff = -1;
  }
  trace_states(watch_ms > 0);
  last_tcp[0] = 0;
  say("@ok %s%s", req, trace >= 0 ? " tracepoint" : "");
  if (watch_ms > 0) sample_tcp(0);
}

static void command(char *line) {
  char *tok[MAX_ARGS + 8];
  int n = 0;
  for (char *s = strtok(line, " \r"); s && n < MAX_ARGS + 8; s = strtok(NULL, " \r")) tok[n++] = s;
  if (n < 2) return;
  const char *req = tok[1];
  if (!strcmp(tok[0], "hello")) {
    say("@ok %s", req);
  } else if (!strcmp(tok[0], "put") && n == 5) {
    cmd_put(req, tok[2], tok[3], tok[4]);
  } else if (!strcmp(tok[0], "put") && n == 4) {
    cmd_put(req, tok[2], tok[3], "");
  } else if (!strcmp(tok[0], "spawn")) {
    cmd_spawn(req, tok + 2, n - 2);
  } else if (!strcmp(tok[0], "build")) {
    cmd_build(req, tok + 2, n - 2);
  } else if (!strcmp(tok[0], "limits") && n == 7) {
    cmd_limits(req, tok + 2);
  } else if (!strcmp(tok[0], "input") && n == 4) {
    cmd_input(req, tok[2], tok[3]);
  } else if (!strcmp(tok[0], "signal") && n == 4) {
    cmd_signal(req, tok[2], tok[3]);
  } else if (!strcmp(tok[0], "watch") && n == 3) {
    cmd_watch(req, tok[2]);
  } else {
    say("@err %s unknown command %s", req, tok[0]);
  }
}

/* struct serial_struct of <linux/serial.h> (the image keeps only the uapi headers glibc uses). */
struct serial_info {
  int type, line;
  unsigned int port;
  int irq, flags, xmit_fifo_size, custom_divisor, baud_base;
  unsigned short close_delay;
  char io_type, reserved_char[1];
  int hub6;
  unsigned short closing_wait, closing_wait2;
  unsigned char *iomem_base;
  unsigned short iomem_reg_shift;
  unsigned int port_high;
  unsigned long iomap_base;
};
#define PORT_UNKNOWN_ 0
#define PORT_16550A_ 4

/* The kernel probes COM4 (ttyS3) with the UART's loopback test, which v86's UART does not pass,
 * so the port is left "unknown" and writes to it go nowhere. Declare it a 16550A, as setserial
 * would. */
static void enable_terminal_uarts(void) {
  for (int n = 1; n <= 3; n++) {
    char dev[32];
    snprintf(dev, sizeof dev, "/dev/ttyS%d", n);
    int fd = open(dev, O_RDWR | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) continue;
    struct serial_info info;
    if (ioctl(fd, TIOCGSERIAL, &info) == 0 && info.type == PORT_UNKNOWN_) {
      info.type = PORT_16550A_;
      if (ioctl(fd, TIOCSSERIAL, &info) != 0) say("@log ttyS%d: TIOCSSERIAL: %s", n, strerror(errno));
    }
    close(fd);
  }
}

/* The kernel stamps a packet when it receives it only while some socket asks for timestamps; until
 * then SIOCGSTAMP gives the time the agent read the packet (milliseconds late for the first segments
 * the page watches, which put them after the state changes they caused). A socket that asks, kept
 * open from boot (so in the saved state too), has every packet stamped as it is received. */
static void stamp_every_packet(void) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), on = 1;
  if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_TIMESTAMP_OLD_, &on, sizeof on) != 0)
    say("@log packet timestamps: %s", strerror(errno));
}

int main(void) {
  prctl(PR_SET_CHILD_SUBREAPER, 1); /* orphans of the learner's programs are reaped here, not by init */
  setgroups(0, NULL);
  umask(022);
  write_text("/proc/self/oom_score_adj", "-1000"); /* memory a lab program takes never ends the agent */
  ctl = open("/dev/ttyS0", O_RDWR | O_NOCTTY);
  if (ctl < 0) return 1;
  struct termios t;
  tcgetattr(ctl, &t);
  cfmakeraw(&t);
  tcsetattr(ctl, TCSANOW, &t);
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, NULL);
  int sfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
  static char buf[MAX_LINE + 1];
  size_t have = 0;
  enable_terminal_uarts();
  stamp_every_packet();
  memcg_setup();
  kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (kmsg < 0) say("@log /dev/kmsg: %s", strerror(errno));
  else lseek(kmsg, 0, SEEK_END); /* only what happens from now on */
  say("@ready");
  long long next_sample = 0, next_census = 0;
  for (;;) {
    struct pollfd fds[4 + TTYS + 1] = {{ctl, POLLIN, 0}, {sfd, POLLIN, 0}, {sniff, POLLIN, 0}, {trace, POLLIN, 0}};
    for (int tty = 0; tty < TTYS; tty++) fds[4 + tty] = (struct pollfd){master_idle[tty] ? -1 : master[tty], POLLIN, 0};
    fds[4 + TTYS] = (struct pollfd){kmsg, POLLIN, 0};
    long long wake = -1;
    if (watch_ms > 0) wake = next_sample;
    if (running_count() > 0 && (wake < 0 || next_census < wake)) wake = next_census;
    int timeout = -1;
    if (wake >= 0) {
      long long left = (wake - usec_now()) / 1000;
      timeout = left < 0 ? 0 : (int)left;
    }
    int r = poll(fds, 4 + TTYS + 1, timeout); /* a negative fd (not watching, no program) is skipped */
    if (r < 0 && errno != EINTR) return 1;
    for (int tty = 1; tty < TTYS; tty++)
      if (master[tty] >= 0 && fds[4 + tty].fd == master[tty] && fds[4 + tty].revents) forward_echo(tty);
    if (kmsg >= 0 && (fds[4 + TTYS].revents & POLLIN)) read_kmsg();
    if (fds[1].revents & POLLIN) {
      struct signalfd_siginfo si;
      while (read(sfd, &si, sizeof si) == sizeof si) continue; /* SIGCHLDs coalesce: reap them all */
      reap();
    }
    if (sniff >= 0 && (fds[2].revents & POLLIN))
      while (sniff_one()) continue; /* every queued segment before the next state sample */
    /* A state change is followed by /proc/net/tcp read after it: TIME-WAIT sockets are listed only there. */
    if (trace >= 0 && drain_trace() > 0) sample_tcp(1);
    if (watch_ms > 0 && usec_now() >= next_sample) {
      sample_tcp(0);
      next_sample = usec_now() + watch_ms * 1000LL;
    }
    if (running_count() > 0 && usec_now() >= next_census) {
      check_limits();
      next_census = usec_now() + 250000;
    }
    if (fds[0].revents & POLLIN) {
      ssize_t got = read(ctl, buf + have, MAX_LINE - have);
      if (got <= 0) continue;
      /* Only the new bytes can end the line (a file's line arrives a few bytes per read: scanning
       * it whole each time made writing a file quadratic). */
      char *start = buf, *from = buf + have, *nl;
      have += got;
      while ((nl = memchr(from, '\n', buf + have - from))) {
        *nl = 0;
        command(start);
        start = from = nl + 1;
      }
      have -= start - buf;
      memmove(buf, start, have);
      if (have == MAX_LINE) have = 0; /* a line too long to be ours: drop it */
    }
  }
}
