/* Limits the page is told about: processes ("@limit"), full disks, the OOM killer ("@oom"). */
#include "agent.h"

int kmsg = -1;     /* /dev/kmsg, for the OOM killer's reports */

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

void check_limits(void) {
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
void read_kmsg(void) {
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

void cmd_limits(const char *req, char **tok) {
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
