/// A seeded, portable pseudo-random generator: xoshiro256** seeded through SplitMix64.
///
/// The same seed gives the same stream on every machine and Swift version, because
/// every derived draw (integers, floats, normals) is computed here from the raw 64-bit
/// words with IEEE basic arithmetic only. `split()` derives an independent stream, so a
/// caller can hand sub-generators to workers without sharing state.
public struct RandomGenerator: Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// Seeds the four state words from SplitMix64, as the xoshiro authors recommend.
    public init(seed: UInt64) {
        var sm = SplitMix64(state: seed)
        s0 = sm.next()
        s1 = sm.next()
        s2 = sm.next()
        s3 = sm.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 }
    }

    /// The next raw 64-bit word (xoshiro256**).
    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// An independent generator: seeded by SplitMix64 from one draw of this one.
    /// Streams derived this way do not overlap in practice (2^256 period, scrambled seeds).
    public mutating func split() -> RandomGenerator {
        RandomGenerator(seed: next() ^ 0xD1B5_4A32_D192_ED03)
    }

    /// A uniform integer in `0..<bound` (Lemire's unbiased multiply-shift).
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let b = UInt64(bound)
        var m = next().multipliedFullWidth(by: b)
        if m.low < b {
            let threshold = (0 &- b) % b
            while m.low < threshold { m = next().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
    }

    /// A uniform integer in a closed range.
    public mutating func nextInt(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + nextInt(below: range.upperBound - range.lowerBound + 1)
    }

    /// A uniform integer in a half-open range.
    public mutating func nextInt(in range: Range<Int>) -> Int {
        range.lowerBound + nextInt(below: range.count)
    }

    /// A uniform Float in [0, 1) with 24 random bits.
    @inline(__always)
    public mutating func nextFloat() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// A uniform Double in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// A fair coin.
    public mutating func nextBool() -> Bool { next() >> 63 == 1 }

    /// A standard normal draw (Marsaglia's polar method with a portable logarithm).
    public mutating func nextNormal() -> Double {
        while true {
            let u = 2 * nextDouble() - 1
            let v = 2 * nextDouble() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                return u * (-2 * PortableMath.log(s) / s).squareRoot()
            }
        }
    }

    /// Shuffles an array in place (Fisher-Yates, using this generator's integers).
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(i, nextInt(below: i + 1))
        }
    }

    /// An index drawn in proportion to `weights` (which sum to `total`): the first whose running sum
    /// exceeds a uniform draw scaled by `total`, the last when rounding leaves the draw above them all.
    public mutating func index(weights: [Double], total: Double = 1) -> Int {
        var u = nextDouble() * total
        for (i, w) in weights.enumerated() {
            u -= w
            if u < 0 { return i }
        }
        return weights.count - 1
    }

    /// A random element of a non-empty collection.
    public mutating func choice<C: RandomAccessCollection>(_ items: C) -> C.Element where C.Index == Int {
        items[items.startIndex + nextInt(below: items.count)]
    }

    @inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

/// SplitMix64, used only to expand seeds into xoshiro state.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
