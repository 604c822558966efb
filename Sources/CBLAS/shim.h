// One header for BLAS on every platform: Accelerate on Apple systems, OpenBLAS elsewhere.
#if defined(__APPLE__)
#define ACCELERATE_NEW_LAPACK
#include <Accelerate/Accelerate.h>
#else
#include <cblas.h>
// OpenBLAS extensions used to pin the BLAS thread count.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
#endif

#ifdef __linux__
// mallopt: ReckonTensor keeps large freed buffers in the heap (see TensorStorage.swift).
#include <malloc.h>
#endif
