#include "CReckonKernels.h"

#include <stdint.h>
#include <string.h>

// Bit-identity with the Swift kernels needs each operation rounded on its own.
#pragma clang fp contract(off)

#if defined(__x86_64__) && defined(__linux__)
#define RECKON_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define RECKON_CLONES
#endif

// FastMath.E and FastMath.T, value for value.
static const float E_LOW = -87.33654f, E_HIGH = 88.72283f, E_LOG2E = 1.442695041f, E_SHIFT = 12582912.0f;
static const int32_t E_SHIFT_BITS = 0x4B400000;
static const float E_LN2_HIGH = 0.693359375f, E_LN2_LOW = 2.12194440e-4f;
static const float E_P0 = 1.9875691500e-4f, E_P1 = 1.3981999507e-3f, E_P2 = 8.3334519073e-3f;
static const float E_P3 = 4.1665795894e-2f, E_P4 = 1.6666665459e-1f, E_P5 = 5.0000001201e-1f;
static const float T_LIMIT = 7.90531110763549805f, T_LINEAR = 0.0004f;
static const float T_P0 = -2.76076847742355e-16f, T_P1 = 2.00018790482477e-13f, T_P2 = -8.60467152213735e-11f;
static const float T_P3 = 5.12229709037114e-08f, T_P4 = 1.48572235717979e-05f, T_P5 = 6.37261928875436e-04f;
static const float T_P6 = 4.89352455891786e-03f;
static const float T_Q0 = 1.19825839466702e-06f, T_Q1 = 1.18534705686654e-04f, T_Q2 = 2.26843463243900e-03f;
static const float T_Q3 = 4.89352518554385e-03f;

static inline __attribute__((always_inline)) float fm_exp(float x_in) {
    float x = x_in < E_LOW ? E_LOW : x_in;
    x = x > E_HIGH ? E_HIGH : x;
    float shifted = x * E_LOG2E + E_SHIFT;
    float n = shifted - E_SHIFT;
    float r = x - n * E_LN2_HIGH;
    r = r + n * E_LN2_LOW;
    float r2 = r * r;
    float p = E_P0;
    p = p * r + E_P1;
    p = p * r + E_P2;
    p = p * r + E_P3;
    p = p * r + E_P4;
    p = p * r + E_P5;
    p = p * r2 + r + 1.0f;
    int32_t bits;
    memcpy(&bits, &shifted, 4);
    uint32_t ni = (uint32_t)bits - (uint32_t)E_SHIFT_BITS;
    uint32_t half = (uint32_t)((int32_t)ni >> 1);
    uint32_t b1 = (half + 127u) << 23, b2 = (ni - half + 127u) << 23;
    float s1, s2;
    memcpy(&s1, &b1, 4);
    memcpy(&s2, &b2, 4);
    return p * s1 * s2;
}

static inline __attribute__((always_inline)) float fm_tanh(float x_in) {
    float x = x_in < -T_LIMIT ? -T_LIMIT : x_in;
    x = x > T_LIMIT ? T_LIMIT : x;
    float x2 = x * x;
    float p = T_P0;
    p = p * x2 + T_P1;
    p = p * x2 + T_P2;
    p = p * x2 + T_P3;
    p = p * x2 + T_P4;
    p = p * x2 + T_P5;
    p = p * x2 + T_P6;
    p = p * x;
    float q = T_Q0;
    q = q * x2 + T_Q1;
    q = q * x2 + T_Q2;
    q = q * x2 + T_Q3;
    float y = p / q;
    return (x_in < T_LINEAR && x_in > -T_LINEAR) ? x_in : y;
}

static inline __attribute__((always_inline)) float fm_sigmoid(float x) { return 1.0f / (1.0f + fm_exp(-x)); }

RECKON_CLONES void reckon_exp(const float *restrict x, float *restrict out, long count) {
    for (long k = 0; k < count; k++) out[k] = fm_exp(x[k]);
}

RECKON_CLONES void reckon_tanh(const float *restrict x, float *restrict out, long count) {
    for (long k = 0; k < count; k++) out[k] = fm_tanh(x[k]);
}

RECKON_CLONES void reckon_sigmoid(const float *restrict x, float *restrict out, long count) {
    for (long k = 0; k < count; k++) out[k] = fm_sigmoid(x[k]);
}

// The row loops take restrict pointers per row so the compiler knows the gate blocks, the
// states and the gradients do not overlap, and vectorizes over k.
static inline __attribute__((always_inline)) void activate_row(
    float *restrict gi, float *restrict gg, float *restrict gf, float *restrict go, const float *restrict cp,
    float *restrict hr, float *restrict cr, long hidden, float forget_bias) {
    for (long k = 0; k < hidden; k++) {
        float i = fm_sigmoid(gi[k]), g = fm_tanh(gg[k]);
        float f = fm_sigmoid(gf[k] + forget_bias), o = fm_sigmoid(go[k]);
        gi[k] = i; gg[k] = g; gf[k] = f; go[k] = o;
        float cn = f * cp[k] + i * g;
        cr[k] = cn;
        hr[k] = o * fm_tanh(cn);
    }
}

RECKON_CLONES void reckon_lstm_activate(float *acts, long act_stride, const float *c_prev, long c_prev_stride,
                                        float *h, long h_stride, float *c, long c_stride, long row_start,
                                        long row_end, long hidden, float forget_bias) {
    for (long r = row_start; r < row_end; r++) {
        float *gi = acts + r * act_stride;
        activate_row(gi, gi + hidden, gi + 2 * hidden, gi + 3 * hidden, c_prev + r * c_prev_stride,
                     h + r * h_stride, c + r * c_stride, hidden, forget_bias);
    }
}

static inline __attribute__((always_inline)) void backward_row(
    const float *restrict ai, const float *restrict ag, const float *restrict af, const float *restrict ao,
    const float *restrict cp, const float *restrict cn, const float *restrict dhr, float *restrict dcr,
    float *restrict di, float *restrict dg, float *restrict df, float *restrict d_o, long hidden) {
    for (long k = 0; k < hidden; k++) {
        float i = ai[k], g = ag[k], f = af[k], o = ao[k];
        float tc = fm_tanh(cn[k]);
        float dhv = dhr[k];
        float dct = dcr[k] + dhv * o * (1.0f - tc * tc);
        d_o[k] = dhv * tc * o * (1.0f - o);
        di[k] = dct * g * i * (1.0f - i);
        dg[k] = dct * i * (1.0f - g * g);
        df[k] = dct * cp[k] * f * (1.0f - f);
        dcr[k] = dct * f;
    }
}

RECKON_CLONES void reckon_lstm_backward_step(const float *acts, long act_stride, const float *c_prev,
                                             long c_prev_stride, const float *c_new, long state_stride,
                                             const float *dh, float *dc, float *d_gates, long row_start,
                                             long row_end, long hidden) {
    for (long r = row_start; r < row_end; r++) {
        const float *ai = acts + r * act_stride;
        float *di = d_gates + r * act_stride;
        backward_row(ai, ai + hidden, ai + 2 * hidden, ai + 3 * hidden, c_prev + r * c_prev_stride,
                     c_new + r * state_stride, dh + r * hidden, dc + r * hidden, di, di + hidden, di + 2 * hidden,
                     di + 3 * hidden, hidden);
    }
}
