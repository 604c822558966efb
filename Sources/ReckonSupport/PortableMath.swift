/// Transcendental functions from basic IEEE operations only, so random draws that
/// need them are bit-identical across platforms (libm results differ in the last ulp).
public enum PortableMath {
    /// Natural logarithm for positive finite x, accurate to about 1e-15 relative.
    public static func log(_ x: Double) -> Double {
        precondition(x > 0 && x.isFinite, "log of non-positive or non-finite value")
        // x = m * 2^e with m in [sqrt(1/2), sqrt(2)), then log m = 2 atanh((m-1)/(m+1)).
        var e = Int(x.exponent)
        var m = Double(sign: .plus, exponent: 0, significand: x.significand)
        if m > 1.4142135623730951 {
            m /= 2
            e += 1
        }
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        var term = s
        var sum = 0.0
        var k = 1.0
        while k < 40 {
            sum += term / k
            term *= s2
            k += 2
        }
        return 2 * sum + Double(e) * 0.6931471805599453
    }
}
