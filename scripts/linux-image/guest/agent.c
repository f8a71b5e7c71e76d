/*
 * The guest agent of "Linux in your browser". It runs as PID 1's child on /dev/ttyS0 (raw mode)
 * and speaks a line protocol with the page (src/runtimes/linux/guest-protocol.ts is the other side).
 *
 * Page -> guest, one command per line, tokens separated by one space:
 *   hello REQ                         answers "@ok REQ"
 *   put REQ PATH OFFSET HEX           writes bytes at OFFSET of PATH (OFFSET 0 truncates), mkdir -p
 *   spawn REQ TTY DIR HEXARG...       runs argv (each arg hex-encoded) in DIR on /dev/ttyS<TTY> as
 *                                     a new session with that tty as its controlling terminal;
 *                                     answers "@spawned REQ PID", later "@exit PID code N" or
 *                                     "@exit PID signal N"
 *   signal REQ PID SIGNO              kill(-PID, SIGNO): the process's whole process group
 *   watch REQ MS                      MS > 0: stream loopback TCP segments ("@pkt") and, every MS
 *                                     milliseconds, /proc/net/tcp when it changed ("@tcp"); 0 stops
 * Guest -> page: lines starting with "@"; anything else on ttyS0 (kernel messages) is not ours.
 *   @ready                            the agent started (also after "hello")
 *   @ok REQ | @err REQ MESSAGE
 *   @pkt USEC SADDR SPORT DADDR DPORT FLAGS SEQ ACK LEN WIN     (addresses dotted, FLAGS e.g. "SA";
 *                                     USEC: when the kernel received it, guest wall clock)
 *   @tcp USEC N LOCAL REMOTE ST ... (N triples of /proc/net/tcp's hex fields, ST as in tcp_states.h)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netpacket/packet.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
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
#define MAX_LINE (1 << 20)
#define MAX_ARGS 64

static int ctl = -1;      /* /dev/ttyS0 */
static int sniff = -1;    /* AF_PACKET socket while watching */
static int watch_ms = 0;  /* /proc/net/tcp sampling period while watching */
static char last_tcp[16384];

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

static int unhex(const char *hex, char *out, size_t cap) {
  size_t n = strlen(hex);
  if (n % 2 || n / 2 > cap) return -1;
  for (size_t i = 0; i < n; i += 2) {
    unsigned v;
    if (sscanf(hex + i, "%2x", &v) != 1) return -1;
    out[i / 2] = (char)v;
  }
  return (int)(n / 2);
}

static void mkdirs(const char *path) {
  char p[4096];
  snprintf(p, sizeof p, "%s", path);
  for (char *s = p + 1; *s; s++) {
    if (*s != '/') continue;
    *s = 0;
    mkdir(p, 0755);
    *s = '/';
  }
}

static void cmd_put(const char *req, char *path, const char *offset, const char *hex) {
  static char data[MAX_LINE / 2];
  int n = unhex(hex, data, sizeof data);
  long off = atol(offset);
  if (n < 0 || path[0] != '/') return say("@err %s bad put", req);
  mkdirs(path);
  int fd = open(path, O_WRONLY | O_CREAT | (off == 0 ? O_TRUNC : 0), 0644);
  if (fd < 0) return say("@err %s open %s: %s", req, path, strerror(errno));
  if (pwrite(fd, data, n, off) != n) {
    say("@err %s write %s: %s", req, path, strerror(errno));
  } else {
    say("@ok %s", req);
  }
  close(fd);
}

static struct {
  pid_t pid;
  int tty;
} spawned[64];

static void remember(pid_t pid, int tty) {
  for (int i = 0; i < 64; i++)
    if (spawned[i].pid == 0) {
      spawned[i].pid = pid;
      spawned[i].tty = tty;
      return;
    }
}

/* In the child: a new session whose controlling terminal is /dev/ttyS<tty>, cooked mode, default
 * signal dispositions and an empty signal mask (exec keeps SIG_IGN and the mask, so reset both). */
static void child(int tty, const char *dir, char **argv) {
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  for (int s = 1; s < NSIG; s++) signal(s, SIG_DFL);
  setsid();
  char dev[32];
  snprintf(dev, sizeof dev, "/dev/ttyS%d", tty);
  int fd = open(dev, O_RDWR | O_NOCTTY);
  if (fd < 0) _exit(126);
  ioctl(fd, TIOCSCTTY, 1); /* steal it from an earlier session that may still hold it */
  struct termios t;
  if (tcgetattr(fd, &t) == 0) {
    t.c_iflag = ICRNL | IXON | IUTF8 | BRKINT;
    t.c_oflag = OPOST | ONLCR;
    t.c_lflag = ICANON | ISIG | IEXTEN | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE;
    t.c_cc[VINTR] = 3;
    t.c_cc[VQUIT] = 28;
    t.c_cc[VERASE] = 127;
    t.c_cc[VEOF] = 4;
    t.c_cc[VSUSP] = 26;
    tcsetattr(fd, TCSANOW, &t);
  }
  tcflush(fd, TCIFLUSH); /* typed-ahead input belongs to no one yet */
  dup2(fd, 0);
  dup2(fd, 1);
  dup2(fd, 2);
  if (fd > 2) close(fd);
  for (int i = 3; i < 64; i++) close(i);
  if (chdir(dir) != 0) {
    fprintf(stderr, "cannot enter %s: %s\r\n", dir, strerror(errno));
    _exit(126);
  }
  setenv("PATH", "/usr/bin:/bin:/usr/sbin:/sbin", 1);
  setenv("HOME", "/root", 1);
  setenv("TERM", "xterm", 1);
  execvp(argv[0], argv);
  fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
  _exit(127);
}

static void cmd_spawn(const char *req, char **tok, int ntok) {
  static char args[MAX_ARGS][4096];
  char *argv[MAX_ARGS + 1];
  if (ntok < 4 || ntok - 3 > MAX_ARGS) return say("@err %s bad spawn", req);
  int tty = atoi(tok[1]);
  if (tty < 1 || tty > 3) return say("@err %s bad tty", req);
  int argc = 0;
  for (int i = 3; i < ntok; i++, argc++) {
    int n = unhex(tok[i], args[argc], sizeof args[argc] - 1);
    if (n < 0) return say("@err %s bad argument", req);
    args[argc][n] = 0;
    argv[argc] = args[argc];
  }
  argv[argc] = NULL;
  pid_t pid = fork();
  if (pid < 0) return say("@err %s fork: %s", req, strerror(errno));
  if (pid == 0) child(tty, tok[2], argv);
  remember(pid, tty);
  say("@spawned %s %d", req, (int)pid);
}

/* Waits until what the process wrote to its terminal has left the UART, so its last output
 * reaches the page before its exit status does. */
static void drain_tty_of(pid_t pid) {
  for (int i = 0; i < 64; i++) {
    if (spawned[i].pid != pid) continue;
    char dev[32];
    snprintf(dev, sizeof dev, "/dev/ttyS%d", spawned[i].tty);
    int fd = open(dev, O_RDWR | O_NOCTTY | O_NONBLOCK);
    if (fd >= 0) {
      tcdrain(fd);
      close(fd);
    }
    spawned[i].pid = 0;
  }
}

static void reap(void) {
  int st;
  pid_t pid;
  while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
    drain_tty_of(pid);
    if (WIFSIGNALED(st)) say("@exit %d signal %d", (int)pid, WTERMSIG(st));
    else if (WIFEXITED(st)) say("@exit %d code %d", (int)pid, WEXITSTATUS(st));
  }
}

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
  say("@pkt %lld %s %d %s %d %s %u %u %d %d", when, src, t[0] << 8 | t[1], dst, t[2] << 8 | t[3], flags, ntohl(seq),
      ntohl(ack), len, t[14] << 8 | t[15]);
  return 1;
}

static void sample_tcp(void) {
  char now[sizeof last_tcp];
  int fd = open("/proc/net/tcp", O_RDONLY);
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
  if (strcmp(now, last_tcp) == 0) return;
  strcpy(last_tcp, now);
  say("@tcp %lld %d%s", usec_now(), count, now);
}

static void cmd_watch(const char *req, const char *ms) {
  watch_ms = atoi(ms);
  if (watch_ms > 0 && sniff < 0) {
    sniff = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP_));
    struct sockaddr_ll sll = {.sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IP_)};
    sll.sll_ifindex = if_nametoindex("lo");
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
  last_tcp[0] = 0;
  say("@ok %s", req);
  if (watch_ms > 0) sample_tcp();
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
    tok[1] = tok[0];
    cmd_spawn(req, tok + 1, n - 1);
  } else if (!strcmp(tok[0], "signal") && n == 4) {
    if (kill(-atoi(tok[2]), atoi(tok[3])) != 0 && kill(atoi(tok[2]), atoi(tok[3])) != 0)
      say("@err %s kill: %s", req, strerror(errno));
    else
      say("@ok %s", req);
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

int main(void) {
  prctl(PR_SET_CHILD_SUBREAPER, 1); /* orphans of the learner's programs are reaped here, not by init */
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
  say("@ready");
  long long next_sample = 0;
  for (;;) {
    struct pollfd fds[3] = {{ctl, POLLIN, 0}, {sfd, POLLIN, 0}, {sniff, POLLIN, 0}};
    int timeout = -1;
    if (watch_ms > 0) {
      long long left = (next_sample - usec_now()) / 1000;
      timeout = left < 0 ? 0 : (int)left;
    }
    int r = poll(fds, sniff >= 0 ? 3 : 2, timeout);
    if (r < 0 && errno != EINTR) return 1;
    if (fds[1].revents & POLLIN) {
      struct signalfd_siginfo si;
      while (read(sfd, &si, sizeof si) == sizeof si) continue; /* SIGCHLDs coalesce: reap them all */
      reap();
    }
    if (sniff >= 0 && (fds[2].revents & POLLIN))
      while (sniff_one()) continue; /* every queued segment before the next state sample */
    if (watch_ms > 0 && usec_now() >= next_sample) {
      sample_tcp();
      next_sample = usec_now() + watch_ms * 1000LL;
    }
    if (fds[0].revents & POLLIN) {
      ssize_t got = read(ctl, buf + have, MAX_LINE - have);
      if (got <= 0) continue;
      have += got;
      char *start = buf, *nl;
      while ((nl = memchr(start, '\n', buf + have - start))) {
        *nl = 0;
        command(start);
        start = nl + 1;
      }
      have -= start - buf;
      memmove(buf, start, have);
      if (have == MAX_LINE) have = 0; /* a line too long to be ours: drop it */
    }
  }
}
