// Process control that Swift cannot call directly (prctl is variadic in C).
#ifndef CRECKONPROCESS_H
#define CRECKONPROCESS_H

/// Asks the kernel to send `signal` to this process when its parent exits (Linux; elsewhere a
/// no-op returning -1). Returns 0 on success.
int reckon_signal_on_parent_exit(int signal);

#endif
