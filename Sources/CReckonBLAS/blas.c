#include "CReckonBLAS.h"

#include <string.h>

#if defined(__APPLE__)
#define ACCELERATE_NEW_LAPACK
#include <Accelerate/Accelerate.h>

int reckon_blas_open(const char *path, char *error, int error_length) { (void)path; (void)error; (void)error_length; return 0; }
int reckon_blas_probe_kernel(const char *path, char *out, int out_length) { (void)path; (void)out; (void)out_length; return -1; }

void reckon_sgemm(int ta, int tb, int m, int n, int k, float alpha, const float *a, int lda,
                  const float *b, int ldb, float beta, float *c, int ldc) {
    cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

const char *reckon_blas_kernel(void) { return NULL; }
const char *reckon_blas_config(void) { return NULL; }
int reckon_blas_threads(void) { return 1; }
void reckon_blas_set_threads(int threads) { (void)threads; }

#else
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

// CBLAS's enum values, fixed by the CBLAS standard (cblas.h is not needed to build).
enum { ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112 };

typedef void (*sgemm_fn)(int, int, int, int, int, int, float, const float *, int, const float *, int,
                         float, float *, int);
typedef char *(*string_fn)(void);
typedef int (*get_int_fn)(void);
typedef void (*set_int_fn)(int);

static sgemm_fn sgemm_ptr;
static string_fn corename_ptr, config_ptr;
static get_int_fn get_threads_ptr;
static set_int_fn set_threads_ptr;

int reckon_blas_open(const char *path, char *error, int error_length) {
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        snprintf(error, (size_t)error_length, "%s", dlerror());
        return -1;
    }
    sgemm_ptr = (sgemm_fn)dlsym(handle, "cblas_sgemm");
    if (!sgemm_ptr) {
        snprintf(error, (size_t)error_length, "%s has no cblas_sgemm", path);
        return -1;
    }
    corename_ptr = (string_fn)dlsym(handle, "openblas_get_corename");
    config_ptr = (string_fn)dlsym(handle, "openblas_get_config");
    get_threads_ptr = (get_int_fn)dlsym(handle, "openblas_get_num_threads");
    set_threads_ptr = (set_int_fn)dlsym(handle, "openblas_set_num_threads");
    return 0;
}

int reckon_blas_probe_kernel(const char *path, char *out, int out_length) {
    int fds[2];
    if (pipe(fds) != 0) return -1;
    pid_t pid = fork();
    if (pid < 0) { close(fds[0]); close(fds[1]); return -1; }
    if (pid == 0) {
        // The child only opens the library and reports; one thread keeps its start-up cheap.
        // It first closes every inherited descriptor but its pipe: a copy of a parent's
        // descriptor would keep the parent's flock (a run folder's lock) held while it lives.
        int keep = fds[1];
        for (int fd = 3; fd < keep; fd++) close(fd);
#ifdef SYS_close_range
        syscall(SYS_close_range, (unsigned)keep + 1, ~0U, 0);
#else
        for (int fd = keep + 1; fd < 65536; fd++) close(fd);
#endif
        setenv("OPENBLAS_NUM_THREADS", "1", 1);
        unsetenv("OPENBLAS_VERBOSE");
        void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        string_fn name = handle ? (string_fn)dlsym(handle, "openblas_get_corename") : NULL;
        const char *kernel = name ? name() : NULL;
        if (kernel) {
            ssize_t ignored = write(fds[1], kernel, strlen(kernel));
            (void)ignored;
        }
        _exit(kernel ? 0 : 1);
    }
    close(fds[1]);
    int used = 0;
    while (used < out_length - 1) {
        ssize_t got = read(fds[0], out + used, (size_t)(out_length - 1 - used));
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        used += (int)got;
    }
    out[used] = 0;
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    return (WIFEXITED(status) && WEXITSTATUS(status) == 0 && used > 0) ? 0 : -1;
}

void reckon_sgemm(int ta, int tb, int m, int n, int k, float alpha, const float *a, int lda,
                  const float *b, int ldb, float beta, float *c, int ldc) {
    sgemm_ptr(ROW_MAJOR, ta ? TRANS : NO_TRANS, tb ? TRANS : NO_TRANS, m, n, k, alpha, a, lda, b, ldb,
              beta, c, ldc);
}

const char *reckon_blas_kernel(void) { return corename_ptr ? corename_ptr() : NULL; }
const char *reckon_blas_config(void) { return config_ptr ? config_ptr() : NULL; }
int reckon_blas_threads(void) { return get_threads_ptr ? get_threads_ptr() : 1; }
void reckon_blas_set_threads(int threads) { if (set_threads_ptr) set_threads_ptr(threads); }
#endif
