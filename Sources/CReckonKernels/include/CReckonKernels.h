// Elementwise kernels compiled once per x86-64 vector level (AVX-512, AVX2, baseline) and
// chosen at load time by the CPU (target_clones). Swift has no per-function target
// attribute, and the package must run on any x86-64, so the Swift code is compiled for the
// SSE2 baseline: four lanes where the machine has sixteen.
//
// Every function performs, per element, exactly the IEEE operations of the Swift versions in
// FastMath.swift (no FMA contraction, no reassociation), so results are bit-identical to them
// on every CPU; FastMathTests compares the two.
#ifndef CRECKONKERNELS_H
#define CRECKONKERNELS_H

/// e^x for `count` floats (FastMath.exp).
void reckon_exp(const float *x, float *out, long count);
/// tanh(x) for `count` floats (FastMath.tanh).
void reckon_tanh(const float *x, float *out, long count);
/// 1 / (1 + e^-x) for `count` floats (FastMath.sigmoid).
void reckon_sigmoid(const float *x, float *out, long count);

/// One LSTM step's activations for rows [row_start, row_end): pre-activations [i, g, f, o] in
/// `acts` become [σ(i), tanh(g), σ(f + forget_bias), σ(o)] in place; c' = f·c + i·g, h' = o·tanh(c').
void reckon_lstm_activate(float *acts, long act_stride, const float *c_prev, long c_prev_stride,
                          float *h, long h_stride, float *c, long c_stride, long row_start, long row_end,
                          long hidden, float forget_bias);

/// One LSTM step backward for rows [row_start, row_end): writes the gate gradients and replaces
/// dc with the gradient of the previous cell state.
void reckon_lstm_backward_step(const float *acts, long act_stride, const float *c_prev, long c_prev_stride,
                               const float *c_new, long state_stride, const float *dh, float *dc, float *d_gates,
                               long row_start, long row_end, long hidden);

/// Parallel.workers' override (0: none, the default applies). A relaxed atomic: any thread may
/// set it while others read it, and a read costs a plain load (see Parallel.setWorkers).
int reckon_parallel_workers(void);
/// Sets the override read by reckon_parallel_workers (0 clears it).
void reckon_set_parallel_workers(int workers);

#endif
