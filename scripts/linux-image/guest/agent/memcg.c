/* A memory cgroup per terminal: a cap on all that its programs hold together. */
#include "agent.h"

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
void memcg_set_cap(void) {
  char path[64], text[32];
  snprintf(text, sizeof text, "%ld", limits.mem);
  for (int tty = 0; tty < TTYS && memcg_ok; tty++) {
    memcg_path(tty, "memory.max", path, sizeof path);
    if (write_text(path, text) != 0) say("@log %s: %s", path, strerror(errno));
  }
}

void memcg_setup(void) {
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
int memcg_join(int tty) {
  char path[64];
  memcg_path(tty, "cgroup.procs", path, sizeof path);
  return memcg_ok ? write_text(path, "0") : 0;
}

/* The cap of TTY's cgroup in KiB (0 when it has none). */
long memcg_cap_kib(int tty) {
  char path[64], text[32];
  memcg_path(tty, "memory.max", path, sizeof path);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  ssize_t n = read(fd, text, sizeof text - 1);
  close(fd);
  text[n > 0 ? n : 0] = 0;
  return atol(text) / 1024; /* "max" reads as 0 */
}
