/* The execution proof's one binary (tests/execproof).  Two roles, chosen by argv[0]:
 *
 *   execproof-driver: reads scenarios on stdin, runs each in a fresh overlay of the sandbox
 *     root (its own mount namespace, chrooted), one RUN after another as BuildKit would,
 *     stopping at the first RUN that fails; writes the RUN statuses and the stub log.
 *   anything else: the stub every external command resolves to.  It appends its argv, cwd
 *     and environment to the log (fd 1023), and exits 1 if it is the call fault injection
 *     picked (fd 1022 holds "argv key \x1e occurrence"), else 0.
 *
 * Record format: fields end in \x1f, a record ends in \x1e.  Spec strings are <len>:<bytes>.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define LOGFD 1023
#define TARGETFD 1022
#define FS '\x1f'
#define RS '\x1e'

static char *slurp_fd(int fd, size_t *len) {
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    ssize_t r;
    for (;;) {
        if (n == cap) buf = realloc(buf, cap *= 2);
        r = pread(fd, buf + n, cap - n, (off_t)n);
        if (r <= 0) break;
        n += (size_t)r;
    }
    *len = n;
    return buf;
}

static void put(char **b, size_t *n, size_t *cap, const char *s, size_t l) {
    while (*n + l + 1 > *cap) *b = realloc(*b, *cap *= 2);
    memcpy(*b + *n, s, l);
    *n += l;
}

/* Occurrences of `key` (argv fields) among the log's records. */
static long count_key(const char *log, size_t len, const char *key, size_t klen) {
    long c = 0;
    size_t i = 0;
    while (i < len) {
        const char *end = memchr(log + i, RS, len - i);
        size_t rl = end ? (size_t)(end - (log + i)) : len - i;
        /* record: pid FS cwd FS argc FS argv... env... ; compare the argv part */
        const char *r = log + i;
        const char *p1 = memchr(r, FS, rl);
        if (p1) {
            const char *p2 = memchr(p1 + 1, FS, rl - (size_t)(p1 + 1 - r));
            if (p2) {
                const char *a = p2 + 1;
                size_t rest = rl - (size_t)(a - r);
                if (rest >= klen && memcmp(a, key, klen) == 0) c++;
            }
        }
        i += rl + 1;
    }
    return c;
}

static int stub(int argc, char **argv, char **envp) {
    struct stat st;
    char cwd[4096];
    if (fstat(LOGFD, &st) != 0) return 0;
    if (!getcwd(cwd, sizeof cwd)) strcpy(cwd, "?");
    /* key: argc FS argv[0] FS ... */
    size_t cap = 4096, n = 0;
    char *key = malloc(cap);
    char num[32];
    int l = snprintf(num, sizeof num, "%d%c", argc, FS);
    put(&key, &n, &cap, num, (size_t)l);
    for (int i = 0; i < argc; i++) {
        put(&key, &n, &cap, argv[i], strlen(argv[i]));
        put(&key, &n, &cap, "\x1f", 1);
    }
    size_t klen = n;
    int status = 0;
    /* Drain a pipe on stdin before logging: the writer never sees SIGPIPE, and the calls
     * of a pipeline are logged left to right (the reader waits for the writer's end), so
     * the log order is program order, not scheduling order. */
    if (fstat(0, &st) == 0 && S_ISFIFO(st.st_mode)) {
        char buf[4096];
        while (read(0, buf, sizeof buf) > 0) {
        }
    }
    flock(LOGFD, LOCK_EX);
    struct stat ts;
    if (fstat(TARGETFD, &ts) == 0 && ts.st_size > 0) {
        size_t tl, ll;
        char *t = slurp_fd(TARGETFD, &tl);
        char *sep = memchr(t, RS, tl);
        if (sep && (size_t)(sep - t) == klen && memcmp(t, key, klen) == 0) {
            long occ = strtol(sep + 1, NULL, 10);
            char *log = slurp_fd(LOGFD, &ll);
            if (count_key(log, ll, key, klen) == occ) status = 1;
            free(log);
        }
        free(t);
    }
    size_t rcap = 4096, rn = 0;
    char *rec = malloc(rcap);
    l = snprintf(num, sizeof num, "%d%c", (int)getpid(), FS);
    put(&rec, &rn, &rcap, num, (size_t)l);
    put(&rec, &rn, &rcap, cwd, strlen(cwd));
    put(&rec, &rn, &rcap, "\x1f", 1);
    put(&rec, &rn, &rcap, key, klen);
    for (char **e = envp; *e; e++) {
        put(&rec, &rn, &rcap, *e, strlen(*e));
        put(&rec, &rn, &rcap, "\x1f", 1);
    }
    l = snprintf(num, sizeof num, "=%d", status);
    put(&rec, &rn, &rcap, num, (size_t)l);
    put(&rec, &rn, &rcap, "\x1e", 1);
    off_t end = lseek(LOGFD, 0, SEEK_END);
    if (pwrite(LOGFD, rec, rn, end) < 0) status = 2;
    flock(LOGFD, LOCK_UN);
    /* `mkdir` makes its folders (so `mkdir -p d && cd d` runs on): a side effect both
     * sides of a proof share, when the call succeeds. */
    const char *base = strrchr(argv[0], '/');
    base = base ? base + 1 : argv[0];
    if (status == 0 && strcmp(base, "mkdir") == 0) {
        for (int i = 1; i < argc; i++) {
            if (argv[i][0] == '-') continue;
            char p[4096];
            snprintf(p, sizeof p, "%s", argv[i]);
            for (char *q = p + 1; *q; q++) {
                if (*q == '/') {
                    *q = 0;
                    mkdir(p, 0755);
                    *q = '/';
                }
            }
            mkdir(p, 0755);
        }
    }
    return status;
}

/* ---------------------------------------------------------------- driver */

/* Files the scripts' builtins left (redirects; the stubs only make folders): each entry of
 * the overlay's upper folder as "<kind> <fnv1a of content> <path>\n". */
static void walk(int dirfd, const char *prefix, int out) {
    DIR *d = fdopendir(dirfd);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", prefix, e->d_name);
        struct stat st;
        if (fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
        unsigned long long h = 1469598103934665603ULL;
        char kind = '?';
        if (S_ISDIR(st.st_mode)) {
            kind = 'd';
        } else if (S_ISREG(st.st_mode)) {
            kind = 'f';
            int fd = openat(dirfd, e->d_name, O_RDONLY);
            if (fd >= 0) {
                unsigned char buf[8192];
                ssize_t r;
                while ((r = read(fd, buf, sizeof buf)) > 0)
                    for (ssize_t i = 0; i < r; i++) h = (h ^ buf[i]) * 1099511628211ULL;
                close(fd);
            }
        } else if (S_ISLNK(st.st_mode)) {
            kind = 'l';
        }
        char line[4200];
        int l = snprintf(line, sizeof line, "%c %llx %s\n", kind, h, path);
        if (write(out, line, (size_t)l) < 0) return;
        if (kind == 'd') {
            int sub = openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY);
            if (sub >= 0) walk(sub, path, out);
        }
    }
    closedir(d);
}

static char *rd(size_t *len) { /* <len>:<bytes> from stdin */
    size_t n = 0;
    int c;
    while ((c = getchar()) != EOF && c != ':') {
        if (c < '0' || c > '9') continue;
        n = n * 10 + (size_t)(c - '0');
    }
    if (c == EOF) exit(5);
    char *s = malloc(n + 1);
    if (fread(s, 1, n, stdin) != n) exit(5);
    s[n] = 0;
    if (len) *len = n;
    return s;
}

static long rdnum(void) {
    char *s = rd(NULL);
    long v = strtol(s, NULL, 10);
    free(s);
    return v;
}

static int memfd_with(const char *data, size_t len) {
    int fd = memfd_create("x", 0);
    if (len && write(fd, data, len) != (ssize_t)len) exit(6);
    return fd;
}

static void emit(const char *s, size_t l) {
    printf("%zu:", l);
    fwrite(s, 1, l, stdout);
}

static int driver(const char *base, const char *scratch) {
    long nscen = rdnum();
    int timeout = (int)rdnum();
    for (long sc = 0; sc < nscen; sc++) {
        size_t tlen;
        char *target = rd(&tlen);
        long nruns = rdnum();
        char ***argvs = calloc((size_t)nruns, sizeof *argvs);
        char ***envs = calloc((size_t)nruns, sizeof *envs);
        char **cwds = calloc((size_t)nruns, sizeof *cwds);
        char **exes = calloc((size_t)nruns, sizeof *exes);
        long *uids = calloc((size_t)nruns, sizeof *uids);
        for (long r = 0; r < nruns; r++) {
            exes[r] = rd(NULL);
            cwds[r] = rd(NULL);
            uids[r] = rdnum();
            long na = rdnum();
            argvs[r] = calloc((size_t)na + 1, sizeof(char *));
            for (long a = 0; a < na; a++) argvs[r][a] = rd(NULL);
            long ne = rdnum();
            envs[r] = calloc((size_t)ne + 1, sizeof(char *));
            for (long e = 0; e < ne; e++) envs[r][e] = rd(NULL);
        }
        int logfd = memfd_create("log", 0);
        int tfd = memfd_with(target, tlen);
        int pfd[2];
        if (pipe(pfd) != 0) return 7;
        fflush(stdout);
        pid_t scen = fork();
        if (scen == 0) {
            close(pfd[0]);
            if (unshare(CLONE_NEWNS) != 0) _exit(90);
            if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) _exit(91);
            if (mount("none", scratch, "tmpfs", 0, "size=64m") != 0) _exit(92);
            char up[4200], wk[4200], mg[4200], opts[13000];
            snprintf(up, sizeof up, "%s/u", scratch);
            snprintf(wk, sizeof wk, "%s/w", scratch);
            snprintf(mg, sizeof mg, "%s/m", scratch);
            mkdir(up, 0755);
            mkdir(wk, 0755);
            mkdir(mg, 0755);
            snprintf(opts, sizeof opts, "lowerdir=%s,upperdir=%s,workdir=%s", base, up, wk);
            if (mount("overlay", mg, "overlay", 0, opts) != 0) _exit(93);
            int upfd = open(up, O_RDONLY | O_DIRECTORY);
            const char *devs[] = {"/dev/null", "/dev/zero", "/dev/urandom"};
            for (int d = 0; d < 3; d++) {
                char dst[4300];
                snprintf(dst, sizeof dst, "%s%s", mg, devs[d]);
                if (mount(devs[d], dst, NULL, MS_BIND, NULL) != 0) _exit(98);
            }
            if (chroot(mg) != 0 || chdir("/") != 0) _exit(94);
            dup2(logfd, LOGFD);
            dup2(tfd, TARGETFD);
            close(logfd);
            close(tfd);
            for (long r = 0; r < nruns; r++) {
                pid_t p = fork();
                if (p == 0) {
                    int dn = open("/dev/null", O_RDWR);
                    dup2(dn, 0);
                    dup2(dn, 1);
                    dup2(dn, 2);
                    if (dn > 2) close(dn);
                    close(pfd[1]);
                    if (chdir(cwds[r]) != 0) _exit(95);
                    if (uids[r]) {
                        if (setgid((gid_t)uids[r]) != 0 || setuid((uid_t)uids[r]) != 0) _exit(96);
                    }
                    setpgid(0, 0);
                    alarm((unsigned)timeout);
                    execve(exes[r], argvs[r], envs[r]);
                    _exit(127);
                }
                int ws;
                waitpid(p, &ws, 0);
                kill(-p, SIGKILL); /* anything it left behind */
                int code = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
                char line[32];
                int l = snprintf(line, sizeof line, "%d ", code);
                if (write(pfd[1], line, (size_t)l) < 0) _exit(97);
                if (code != 0) break;
            }
            if (write(pfd[1], "\n", 1) < 0) _exit(97);
            if (upfd >= 0) walk(upfd, "", pfd[1]);
            _exit(0);
        }
        close(pfd[1]);
        size_t rcap = 4096, rl = 0;
        char *res = malloc(rcap);
        ssize_t got;
        for (;;) {
            if (rl == rcap) res = realloc(res, rcap *= 2);
            got = read(pfd[0], res + rl, rcap - rl);
            if (got <= 0) break;
            rl += (size_t)got;
        }
        close(pfd[0]);
        int ws;
        waitpid(scen, &ws, 0);
        if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0) {
            fprintf(stderr, "execproof: scenario setup failed (%d)\n", WIFEXITED(ws) ? WEXITSTATUS(ws) : -1);
            return 8;
        }
        size_t ll;
        char *log = slurp_fd(logfd, &ll);
        emit(res, rl);
        free(res);
        emit(log, ll);
        free(log);
        close(logfd);
        close(tfd);
    }
    fflush(stdout);
    return 0;
}

int main(int argc, char **argv, char **envp) {
    const char *me = strrchr(argv[0], '/');
    me = me ? me + 1 : argv[0];
    if (strcmp(me, "execproof-driver") == 0) {
        if (argc != 3) return 2;
        return driver(argv[1], argv[2]);
    }
    return stub(argc, argv, envp);
}
