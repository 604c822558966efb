import ReckonSupport

/// Arbitrary-precision natural numbers in 64-bit limbs (least significant first).
///
/// The binary tasks' generators need sums, products and square roots of numbers with up
/// to ~L bits (500 in the paper's evaluation); word arithmetic keeps a batch of 128 at
/// that length in the sub-millisecond range. The solvers deliberately use their own
/// bit-by-bit arithmetic (`BitListArithmetic`) so the two can check each other.
struct BigNatural: Equatable {
    /// No zero limb at the end; zero is the empty array.
    private(set) var limbs: [UInt64]

    init() { limbs = [] }

    init(_ value: UInt64) { limbs = value == 0 ? [] : [value] }

    /// From little-endian binary digits (index 0 is the least significant bit).
    init<C: Collection>(littleEndianBits bits: C) where C.Element == Int {
        var limbs = [UInt64](repeating: 0, count: (bits.count + 63) / 64)
        for (i, b) in bits.enumerated() where b != 0 { limbs[i >> 6] |= 1 << UInt64(i & 63) }
        self.limbs = limbs
        normalize()
    }

    /// Uniform in 1 ... 2^bitCount - 1 (Python's `random.randint(1, 2**n - 1)`): rejects zero.
    static func randomNonZero(bitCount: Int, rng: inout RandomGenerator) -> BigNatural {
        precondition(bitCount >= 1)
        while true {
            var limbs = [UInt64](repeating: 0, count: (bitCount + 63) / 64)
            for i in limbs.indices { limbs[i] = rng.next() }
            let spare = bitCount & 63
            if spare != 0 { limbs[limbs.count - 1] &= (1 << UInt64(spare)) - 1 }
            var n = BigNatural()
            n.limbs = limbs
            n.normalize()
            if !n.isZero { return n }
        }
    }

    var isZero: Bool { limbs.isEmpty }

    /// Number of significant bits (0 for zero).
    var bitWidth: Int {
        guard let top = limbs.last else { return 0 }
        return (limbs.count - 1) * 64 + (64 - top.leadingZeroBitCount)
    }

    /// Bit `i` (0 = least significant).
    @inline(__always)
    func bit(_ i: Int) -> Int {
        let w = i >> 6
        return w < limbs.count ? Int((limbs[w] >> UInt64(i & 63)) & 1) : 0
    }

    static func + (a: BigNatural, b: BigNatural) -> BigNatural {
        let n = max(a.limbs.count, b.limbs.count)
        var out = [UInt64](repeating: 0, count: n + 1)
        var carry: UInt64 = 0
        for i in 0..<n {
            let x = i < a.limbs.count ? a.limbs[i] : 0
            let y = i < b.limbs.count ? b.limbs[i] : 0
            let (s1, o1) = x.addingReportingOverflow(y)
            let (s2, o2) = s1.addingReportingOverflow(carry)
            out[i] = s2
            carry = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        }
        out[n] = carry
        var r = BigNatural()
        r.limbs = out
        r.normalize()
        return r
    }

    static func * (a: BigNatural, b: BigNatural) -> BigNatural {
        if a.isZero || b.isZero { return BigNatural() }
        var out = [UInt64](repeating: 0, count: a.limbs.count + b.limbs.count)
        for i in 0..<a.limbs.count {
            var carry: UInt64 = 0
            let x = a.limbs[i]
            for j in 0..<b.limbs.count {
                let (hi, lo) = x.multipliedFullWidth(by: b.limbs[j])
                let (s1, o1) = lo.addingReportingOverflow(out[i + j])
                let (s2, o2) = s1.addingReportingOverflow(carry)
                out[i + j] = s2
                // x·y + out + carry < 2^128, so the high word cannot overflow.
                carry = hi &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
            }
            out[i + b.limbs.count] = carry
        }
        var r = BigNatural()
        r.limbs = out
        r.normalize()
        return r
    }

    /// floor(sqrt(self)) by the digit-by-digit method in base 4 (no division needed):
    /// d runs over the powers of four from the top down, and is kept as a bit position.
    func squareRootFloor() -> BigNatural {
        if isZero { return self }
        let n = limbs.count
        var x = limbs  // remainder
        var c = [UInt64](repeating: 0, count: n)  // result, scaled as the method requires
        var t = [UInt64](repeating: 0, count: n)
        x.withUnsafeMutableBufferPointer { x in
            c.withUnsafeMutableBufferPointer { c in
                t.withUnsafeMutableBufferPointer { t in
                    var p = (bitWidth - 1) & ~1  // d = 2^p, the largest power of 4 <= self
                    while p >= 0 {
                        // t = c + d; fits in n limbs because d <= self and c < 2·sqrt(self) + 1.
                        for i in 0..<n { t[i] = c[i] }
                        Self.addBit(p, to: t)
                        if Self.compare(x, t) >= 0 {
                            var borrow: UInt64 = 0
                            for i in 0..<n {
                                let (s1, o1) = x[i].subtractingReportingOverflow(t[i])
                                let (s2, o2) = s1.subtractingReportingOverflow(borrow)
                                x[i] = s2
                                borrow = (o1 || o2) ? 1 : 0
                            }
                            Self.shiftRightOne(c)
                            Self.addBit(p, to: c)
                        } else {
                            Self.shiftRightOne(c)
                        }
                        p -= 2
                    }
                }
            }
        }
        var r = BigNatural()
        r.limbs = c
        r.normalize()
        return r
    }

    private mutating func normalize() {
        while let last = limbs.last, last == 0 { limbs.removeLast() }
    }

    /// Compares equal-length limb buffers as numbers.
    private static func compare(_ a: UnsafeMutableBufferPointer<UInt64>, _ b: UnsafeMutableBufferPointer<UInt64>) -> Int
    {
        var i = a.count - 1
        while i >= 0 {
            if a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
            i -= 1
        }
        return 0
    }

    /// a += 2^position, carrying upward.
    private static func addBit(_ position: Int, to a: UnsafeMutableBufferPointer<UInt64>) {
        var i = position >> 6
        var (sum, overflow) = a[i].addingReportingOverflow(1 << UInt64(position & 63))
        a[i] = sum
        while overflow {
            i += 1
            (sum, overflow) = a[i].addingReportingOverflow(1)
            a[i] = sum
        }
    }

    private static func shiftRightOne(_ a: UnsafeMutableBufferPointer<UInt64>) {
        for i in 0..<a.count {
            let high = i + 1 < a.count ? a[i + 1] << 63 : 0
            a[i] = (a[i] >> 1) | high
        }
    }
}
