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
 *                                     each state change, /proc/net/tcp when it changed ("@tcp") and
 *                                     each retransmission ("@retx", tracepoint tcp/tcp_retransmit_skb);
 *                                     0 stops
 *   fault REQ LOSS DELAY              from now on every segment on loopback is lost with LOSS percent
 *                                     (0-100; 100: the cable pulled) and delayed by DELAY ms (0-10000):
 *                                     the kernel's netem qdisc on lo; "fault REQ 0 0" takes it away
 *   aim REQ KIND COUNT                the next COUNT (1-10) segments of a kind are lost, then the aim
 *                                     is spent ("@aim off"). KIND fin: segments with FIN, either way;
 *                                     last-ack: once a socket sends its connection's first FIN (it
 *                                     enters FIN-WAIT-1; needs watch), the ACKs with no data it sends
 *                                     on it (the last ACK of a close). "aim REQ off 0" takes it away.
 *                                     u32 filters on a prio qdisc; faults.c says how
 * Guest -> page: lines starting with "@"; anything else on ttyS0 (kernel messages) is not ours.
 *   @ready                            the agent started
 *   @ok REQ | @err REQ MESSAGE | @cached REQ    ("@ok REQ tracepoint" answers a watch that has it)
 *   @pkt USEC SADDR SPORT DADDR DPORT FLAGS SEQ ACK LEN WIN SIZE HEX   (addresses dotted, FLAGS
 *                                     e.g. "SA"; USEC: when the kernel received it, guest wall clock;
 *                                     LEN: payload bytes; SIZE: the IP packet's bytes; HEX: its first
 *                                     256 bytes at most, as captured)
 *   @state USEC SADDR SPORT DADDR DPORT OLD NEW   a socket changed state (numbers as in
 *                                     tcp_states.h; USEC: when, same clock as @pkt)
 *   @retx USEC SADDR SPORT DADDR DPORT ST   TCP sent a segment of that socket again (its timer, or
 *                                     a fast retransmit); ST: the socket's state (tcp_states.h)
 *   @lost USEC KIND SADDR SPORT DADDR DPORT   a segment an aim took (read off the qdisc's drop
 *                                     counter every 20 ms, so USEC is up to 20 ms late; a lost
 *                                     segment never reaches lo's packet taps). fin: "- 0 - 0", which
 *                                     connection's FIN is not known (its sender sends it again: @retx)
 *   @aim off                          the aim took its COUNT segments and is gone
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
#include "agent.h"

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
  } else if (!strcmp(tok[0], "fault") && n == 4) {
    cmd_fault(req, tok[2], tok[3]);
  } else if (!strcmp(tok[0], "aim") && n == 4) {
    cmd_aim(req, tok[2], tok[3]);
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
    long long check = faults_next_check();
    if (check >= 0 && (wake < 0 || check < wake)) wake = check;
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
    faults_check();
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

