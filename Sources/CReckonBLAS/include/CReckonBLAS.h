// The BLAS doorway below Swift: Accelerate on Apple systems; on Linux, OpenBLAS opened at run
// time with dlopen, so that Reckon can choose its kernel (OPENBLAS_CORETYPE) before the
// library initializes. Linking it at build time would initialize it before any Swift code runs.
#ifndef CRECKONBLAS_H
#define CRECKONBLAS_H

#ifdef __linux__
// mallopt: ReckonTensor keeps large freed buffers in the heap (see TensorStorage.swift).
#include <malloc.h>
#endif

/// Opens the BLAS library at `path` and resolves its functions. Returns 0 on success; otherwise
/// writes a one-line reason into `error`. Not thread-safe: call once, before any other function.
int reckon_blas_open(const char *path, char *error, int error_length);

/// Learns which kernel the library at `path` picks by itself, in a forked child process, so
/// that this process can still choose another one before it opens the library. Writes the
/// kernel's name into `out` and returns 0, or returns -1 when the child could not tell.
int reckon_blas_probe_kernel(const char *path, char *out, int out_length);

/// Row-major C = alpha * op(A) * op(B) + beta * C through the opened library.
void reckon_sgemm(int transpose_a, int transpose_b, int m, int n, int k, float alpha,
                  const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc);

/// The kernel the library runs (OpenBLAS's core name), or NULL when it does not say.
const char *reckon_blas_kernel(void);
/// The library's build description (OpenBLAS's config string), or NULL.
const char *reckon_blas_config(void);
/// The library's thread count (1 when it does not manage threads).
int reckon_blas_threads(void);
/// Sets the library's thread count where it has one.
void reckon_blas_set_threads(int threads);

#endif
