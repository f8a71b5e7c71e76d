/* What the guest agent's rooms share (agent.c is the front door, with the protocol): the
 * headers, the limits, the state one room keeps and another reads, and each room's functions. */
#ifndef AGENT_H
#define AGENT_H
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

#define LAB_UID 1000 /* "lab": the page's files, the compiles made with no terminal; TTY N's programs: 1000 + N */
#define LAB_GID 1000
#define TTYS 4 /* ttyS0 is the agent's; ttyS1-3 the programs' */
#define TRACING "/sys/kernel/tracing"
#define CACHE_DIR "/var/cache/cc"

static inline uid_t uid_of_tty(int tty) { return LAB_UID + tty; }

/* ---- SHA-256 (FIPS 180-4), for the compile cache ---- */

typedef struct {
  unsigned h[8];
  unsigned char block[64];
  unsigned long long bytes;
} sha256_ctx;

/* Limits of the lab's programs ("limits" changes them). */
struct limits {
  long nproc, fsize, cpu, as, mem;
};
extern struct limits limits;

/* The programs started, and whether "@limit procs" was said for each. */
struct spawned {
  pid_t pid;
  int tty;
  int warned; /* "@limit procs" was said for it */
};
extern struct spawned spawned[64];

/* A build whose binary is remembered when tcc exits 0. */
struct build {
  pid_t pid;
  uid_t uid; /* who ran tcc */
  char dir[1024], out[256], deps[64], key[65];
};
extern struct build builds[8];

/* ---- io.c: the control line: say(), hex, the clock ---- */
extern int ctl;  /* /dev/ttyS0 */
long long usec_now(void);
void say(const char *fmt, ...);
int unhex(const char *hex, char *out, size_t cap);
void tohex(const char *data, size_t n, char *out);

/* ---- sha256.c: SHA-256, for the compile cache ---- */
void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *data, size_t n);
void sha256_hex(sha256_ctx *c, char out[65]);
int sha256_file(const char *path, char out[65]);

/* ---- files.c: files the page writes and the agent reads ---- */
void files_as(uid_t uid);
void cmd_put(const char *req, char *path, const char *offset, const char *hex);
char *slurp(const char *path, size_t cap, size_t *len);
int spill(const char *to, const char *data, size_t len, mode_t mode);
int write_text(const char *path, const char *text);

/* ---- memcg.c: a memory cgroup per terminal ---- */
void memcg_set_cap(void);
void memcg_setup(void);
int memcg_join(int tty);
long memcg_cap_kib(int tty);

/* ---- processes.c: processes: spawn, terminals, input, signals, reaping ---- */
extern int master[4];  /* the pseudo-terminal of each terminal's program */
extern int master_idle[4];  /* no one holds its slave now: not polled (it would say HUP) */
int running_count(void);
pid_t start(const char *req, int tty, const char *dir, char **argv);
int decode_args(char **tok, int ntok, char **argv, int first);
int tty_of(const char *text);
void cmd_input(const char *req, const char *tty_text, const char *hex);
void forward_echo(int tty);
void cmd_spawn(const char *req, char **tok, int ntok);
void reap(void);
void cmd_signal(const char *req, const char *pid_text, const char *signo_text);

/* ---- build-cache.c: the compile cache ---- */
void remember_build(struct build *b);
void cmd_build(const char *req, char **tok, int ntok);

/* ---- limits.c: limits the page is told about: processes, full disks, memory ---- */
extern int kmsg;  /* /dev/kmsg, for the OOM killer's reports */
void check_limits(void);
void read_kmsg(void);
void cmd_limits(const char *req, char **tok);

/* ---- faults.c: faults on the wire (netem on lo) ---- */

void cmd_fault(const char *req, const char *loss, const char *delay);
void cmd_aim(const char *req, const char *kind, const char *count);
void faults_state_change(const char *saddr, int sport, const char *daddr, int dport, int old, int new);
long long faults_next_check(void);
void faults_check(void);

/* ---- kernel-view.c: what the kernel shows: segments, socket states ---- */
extern int sniff;  /* AF_PACKET socket while watching */
extern int watch_ms;  /* /proc/net/tcp sampling period while watching */
extern int trace;  /* trace_pipe while watching, when the kernel has the tracepoint */
int sniff_one(void);
void sample_tcp(int force);
int drain_trace(void);
void cmd_watch(const char *req, const char *ms);

#endif
