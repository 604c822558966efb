#include "CReckonKernels.h"

// Relaxed order is enough: the count publishes no other memory, and each loop reads it once,
// so a change while a loop runs takes effect at the next loop.
static int parallel_workers;

int reckon_parallel_workers(void) { return __atomic_load_n(&parallel_workers, __ATOMIC_RELAXED); }

void reckon_set_parallel_workers(int workers) { __atomic_store_n(&parallel_workers, workers, __ATOMIC_RELAXED); }
