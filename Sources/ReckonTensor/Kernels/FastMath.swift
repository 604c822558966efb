/// Branch-free float approximations that the compiler vectorizes, used by the
/// elementwise kernels (libm calls one value at a time and dominates LSTM steps).
/// Built from IEEE basic operations only, so results are identical on every platform.
public enum FastMath {
    /// exp's constants, shared by the scalar and the lane version so the two cannot drift apart.
    enum E {
        static let low: Float = -87.33654, high: Float = 88.72283
        static let log2e: Float = 1.442695041
        /// 1.5·2^23: adding and subtracting it rounds to the nearest integer.
        static let roundShift: Float = 12_582_912
        /// The bits of `roundShift` as an integer, subtracted to read n out of `shifted`.
        static let shiftBits: Int32 = 0x4B40_0000
        /// ln 2 split in two for an exact first reduction step (Cephes).
        static let ln2High: Float = 0.693359375, ln2Low: Float = 2.12194440e-4
        static let p0: Float = 1.9875691500e-4, p1: Float = 1.3981999507e-3, p2: Float = 8.3334519073e-3
        static let p3: Float = 4.1665795894e-2, p4: Float = 1.6666665459e-1, p5: Float = 5.0000001201e-1
    }

    /// tanh's constants (a 13/6 rational approximation), shared likewise.
    enum T {
        /// |x| where tanh rounds to ±1 in Float.
        static let limit: Float = 7.90531110763549805
        /// |x| below which tanh(x) = x in Float.
        static let linear: Float = 0.0004
        static let p0: Float = -2.76076847742355e-16, p1: Float = 2.00018790482477e-13,
            p2: Float = -8.60467152213735e-11
        static let p3: Float = 5.12229709037114e-08, p4: Float = 1.48572235717979e-05, p5: Float = 6.37261928875436e-04
        static let p6: Float = 4.89352455891786e-03
        static let q0: Float = 1.19825839466702e-06, q1: Float = 1.18534705686654e-04, q2: Float = 2.26843463243900e-03
        static let q3: Float = 4.89352518554385e-03
    }

    /// e^x, Cephes-style range reduction and degree-6 polynomial (about 1 ulp in range).
    @inline(__always)
    public static func exp(_ xIn: Float) -> Float {
        let x = min(max(xIn, E.low), E.high)
        // Round to nearest even by adding and subtracting 1.5·2^23 (exact for |n| ≤ 2^22):
        // `rounded(.toNearestOrEven)` is a call to rintf on baseline x86-64, which costs
        // more than the polynomial and blocks vectorization.
        let shifted = x * E.log2e + E.roundShift
        let n = shifted - E.roundShift
        var r = x - n * E.ln2High
        r = r + n * E.ln2Low
        let r2 = r * r
        var p: Float = E.p0
        p = p * r + E.p1
        p = p * r + E.p2
        p = p * r + E.p3
        p = p * r + E.p4
        p = p * r + E.p5
        p = p * r2 + r + 1
        // 2^n through the exponent bits; n is in [-126, 128] after clamping, so split
        // the scaling in two to stay within the normal range. n is read out of the bits of
        // `shifted` rather than by Int32(n), which traps on the NaN that a NaN input
        // carries through the clamp (p is NaN then, and so is the result); wrapping
        // arithmetic because those bits are garbage in that case.
        let ni = Int32(bitPattern: shifted.bitPattern) &- E.shiftBits
        let half = ni >> 1
        let s1 = Float(bitPattern: UInt32(bitPattern: (half &+ 127) << 23))
        let s2 = Float(bitPattern: UInt32(bitPattern: (ni &- half &+ 127) << 23))
        return p * s1 * s2
    }

    /// tanh(x) as a 13/6 rational approximation, clamped where tanh rounds to ±1.
    @inline(__always)
    public static func tanh(_ xIn: Float) -> Float {
        let x = min(max(xIn, -T.limit), T.limit)
        let x2 = x * x
        var p: Float = T.p0
        p = p * x2 + T.p1
        p = p * x2 + T.p2
        p = p * x2 + T.p3
        p = p * x2 + T.p4
        p = p * x2 + T.p5
        p = p * x2 + T.p6
        p = p * x
        var q: Float = T.q0
        q = q * x2 + T.q1
        q = q * x2 + T.q2
        q = q * x2 + T.q3
        return abs(xIn) < T.linear ? xIn : p / q
    }

    /// The logistic function 1 / (1 + e^-x).
    @inline(__always)
    public static func sigmoid(_ x: Float) -> Float { 1 / (1 + exp(-x)) }
}
