#include "CReckonProcess.h"

#ifdef __linux__
#include <sys/prctl.h>
#include <signal.h>

int reckon_signal_on_parent_exit(int signal) { return prctl(PR_SET_PDEATHSIG, signal); }
#else
int reckon_signal_on_parent_exit(int signal) { (void)signal; return -1; }
#endif
