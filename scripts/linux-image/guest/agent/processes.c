/* Processes: "spawn" as the terminal's user in a pseudo-terminal, "input", "signal", reaping. */
#include "agent.h"

int master[4] = {-1, -1, -1, -1}; /* the pseudo-terminal of each terminal's program */
int master_idle[4];                /* no one holds its slave now: not polled (it would say HUP) */
static pid_t master_owner[4];             /* the program it was made for */

/* ---- processes ---- */

struct limits limits = {64, 8L << 20, 120, 96L << 20, 32L << 20};
struct spawned spawned[64];

static void kill_user(uid_t uid);

static void remember(pid_t pid, int tty) {
  for (int i = 0; i < 64; i++)
    if (spawned[i].pid == 0) {
      spawned[i].pid = pid;
      spawned[i].tty = tty;
      spawned[i].warned = 0;
      return;
    }
}

int running_count(void) {
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

pid_t start(const char *req, int tty, const char *dir, char **argv) {
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
int decode_args(char **tok, int ntok, char **argv, int first) {
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

int tty_of(const char *text) {
  int tty = atoi(text);
  return tty >= 0 && tty < TTYS ? tty : -1;
}

void cmd_input(const char *req, const char *tty_text, const char *hex) {
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
void forward_echo(int tty) {
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

void cmd_spawn(const char *req, char **tok, int ntok) {
  char *argv[MAX_ARGS + 1];
  if (ntok < 3) return say("@err %s bad spawn", req);
  int tty = tty_of(tok[0]);
  if (tty < 0) return say("@err %s bad tty", req);
  if (decode_args(tok + 2, ntok - 2, argv, 0) < 1) return say("@err %s bad argument", req);
  pid_t pid = start(req, tty, tok[1], argv);
  if (pid > 0) say("@spawned %s %d", req, (int)pid);
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

void reap(void) {
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

void cmd_signal(const char *req, const char *pid_text, const char *signo_text) {
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
