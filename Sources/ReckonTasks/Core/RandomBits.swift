import ReckonSupport

/// Fair random bits taken 64 at a time from one generator word (one draw per 64 bits, not per bit).
struct RandomBits {
    private var word: UInt64 = 0
    private var remaining = 0

    /// The next fair bit, 0 or 1.
    @inline(__always)
    mutating func next(_ rng: inout RandomGenerator) -> Int {
        if remaining == 0 {
            word = rng.next()
            remaining = 64
        }
        let bit = Int(word & 1)
        word >>= 1
        remaining -= 1
        return bit
    }
}
