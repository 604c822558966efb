/// Branch-free float approximations that the compiler vectorizes, used by the
/// elementwise kernels (libm calls one value at a time and dominates LSTM steps).
/// Built from IEEE basic operations only, so results are identical on every platform.
public enum FastMath {
    /// e^x, Cephes-style range reduction and degree-6 polynomial (about 1 ulp in range).
    @inline(__always)
    public static func exp(_ xIn: Float) -> Float {
        let x = min(max(xIn, -87.33654), 88.72283)
        // Round to nearest even by adding and subtracting 1.5·2^23 (exact for |n| ≤ 2^22):
        // `rounded(.toNearestOrEven)` is a call to rintf on baseline x86-64, which costs
        // more than the polynomial and blocks vectorization.
        let shifted = x * 1.442695041 + 12_582_912
        let n = shifted - 12_582_912
        var r = x - n * 0.693359375
        r = r + n * 2.12194440e-4
        let r2 = r * r
        var p: Float = 1.9875691500e-4
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        p = p * r2 + r + 1
        // 2^n through the exponent bits; n is in [-126, 128] after clamping, so split
        // the scaling in two to stay within the normal range. n is read out of the bits of
        // `shifted` rather than by Int32(n), which traps on the NaN that a NaN input
        // carries through the clamp (p is NaN then, and so is the result); wrapping
        // arithmetic because those bits are garbage in that case.
        let ni = Int32(bitPattern: shifted.bitPattern) &- 0x4B40_0000
        let half = ni >> 1
        let s1 = Float(bitPattern: UInt32(bitPattern: (half &+ 127) << 23))
        let s2 = Float(bitPattern: UInt32(bitPattern: (ni &- half &+ 127) << 23))
        return p * s1 * s2
    }

    /// tanh(x) as a 13/6 rational approximation, clamped where tanh rounds to ±1.
    @inline(__always)
    public static func tanh(_ xIn: Float) -> Float {
        let x = min(max(xIn, -7.90531110763549805), 7.90531110763549805)
        let x2 = x * x
        var p: Float = -2.76076847742355e-16
        p = p * x2 + 2.00018790482477e-13
        p = p * x2 + -8.60467152213735e-11
        p = p * x2 + 5.12229709037114e-08
        p = p * x2 + 1.48572235717979e-05
        p = p * x2 + 6.37261928875436e-04
        p = p * x2 + 4.89352455891786e-03
        p = p * x
        var q: Float = 1.19825839466702e-06
        q = q * x2 + 1.18534705686654e-04
        q = q * x2 + 2.26843463243900e-03
        q = q * x2 + 4.89352518554385e-03
        return abs(xIn) < 0.0004 ? xIn : p / q
    }

    /// The logistic function 1 / (1 + e^-x).
    @inline(__always)
    public static func sigmoid(_ x: Float) -> Float { 1 / (1 + exp(-x)) }
}

/// Eight lanes of the same approximations, for kernels the compiler does not vectorize on
/// its own (loops over several pointers that it cannot prove apart). Each lane performs
/// exactly the scalar version's IEEE operations in the same order, so a lane's result is
/// bit-identical to the scalar function's (FastMathTests checks this).
extension FastMath {
    public typealias Lanes = SIMD8<Float>

    /// Eight consecutive floats from `p` (no alignment needed).
    @inline(__always)
    public static func load(_ p: UnsafePointer<Float>) -> Lanes { UnsafeRawPointer(p).loadUnaligned(as: Lanes.self) }

    /// Writes eight consecutive floats at `p`.
    @inline(__always)
    public static func store(_ v: Lanes, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lanes.self) }

    /// The first `n` (1...8) floats from `p`, the other lanes 0 (for the tail of a row).
    @inline(__always)
    public static func load(_ p: UnsafePointer<Float>, count n: Int) -> Lanes {
        if n == 8 { return load(p) }
        var v = Lanes()
        for j in 0..<n { v[j] = p[j] }
        return v
    }

    /// Writes the first `n` (1...8) lanes of `v` at `p`.
    @inline(__always)
    public static func store(_ v: Lanes, _ p: UnsafeMutablePointer<Float>, count n: Int) {
        if n == 8 { store(v, p); return }
        for j in 0..<n { p[j] = v[j] }
    }

    /// Clamps like `min(max(x, low), high)`, NaN staying NaN.
    @inline(__always)
    static func clamp(_ x: Lanes, _ low: Float, _ high: Float) -> Lanes {
        var y = x
        y.replace(with: Lanes(repeating: low), where: y .< low)
        y.replace(with: Lanes(repeating: high), where: y .> high)
        return y
    }

    @inline(__always)
    public static func exp(_ xIn: Lanes) -> Lanes {
        let x = clamp(xIn, -87.33654, 88.72283)
        let shifted = x * 1.442695041 + 12_582_912
        let n = shifted - 12_582_912
        var r = x - n * 0.693359375
        r = r + n * 2.12194440e-4
        let r2 = r * r
        var p = Lanes(repeating: 1.9875691500e-4)
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        p = p * r2 + r + 1
        let ni = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
        let half = ni &>> 1
        let s1 = unsafeBitCast((half &+ 127) &<< 23, to: Lanes.self)
        let s2 = unsafeBitCast((ni &- half &+ 127) &<< 23, to: Lanes.self)
        return p * s1 * s2
    }

    @inline(__always)
    public static func tanh(_ xIn: Lanes) -> Lanes {
        let x = clamp(xIn, -7.90531110763549805, 7.90531110763549805)
        let x2 = x * x
        var p = Lanes(repeating: -2.76076847742355e-16)
        p = p * x2 + 2.00018790482477e-13
        p = p * x2 + -8.60467152213735e-11
        p = p * x2 + 5.12229709037114e-08
        p = p * x2 + 1.48572235717979e-05
        p = p * x2 + 6.37261928875436e-04
        p = p * x2 + 4.89352455891786e-03
        p = p * x
        var q = Lanes(repeating: 1.19825839466702e-06)
        q = q * x2 + 1.18534705686654e-04
        q = q * x2 + 2.26843463243900e-03
        q = q * x2 + 4.89352518554385e-03
        var y = p / q
        y.replace(with: xIn, where: (xIn .< 0.0004) .& (xIn .> -0.0004))
        return y
    }

    @inline(__always)
    public static func sigmoid(_ x: Lanes) -> Lanes { 1 / (1 + exp(-x)) }
}
