import ReckonSupport
import Testing

@testable import ReckonTasks

/// The two arithmetic implementations behind the binary tasks: the generators' word
/// arithmetic (`BigNatural`) and the solvers' digit lists (`BitListArithmetic`), each
/// checked against machine integers where those suffice, and against each other beyond.
@Suite struct ArithmeticTests {
    static func bits(_ v: UInt64) -> [Int] { (0..<64).map { Int((v >> UInt64($0)) & 1) } }
    static func value(_ bits: [Int]) -> UInt64 {
        bits.enumerated().reduce(0) { $0 | (UInt64($1.element) << UInt64($1.offset)) }
    }
    /// floor(sqrt(v)) by bisection on machine integers.
    static func isqrt(_ v: UInt64) -> UInt64 {
        var lo: UInt64 = 0
        var hi: UInt64 = 1 << 32
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            let (sq, overflow) = mid.multipliedReportingOverflow(by: mid)
            if !overflow && sq <= v { lo = mid } else { hi = mid }
        }
        return lo
    }

    @Test func smallNumbersAgreeWithMachineIntegers() {
        var rng = RandomGenerator(seed: 9)
        for _ in 0..<3000 {
            let width = rng.nextInt(in: 0...31)
            let a = rng.next() >> UInt64(64 - max(width, 1)) & (width == 0 ? 0 : UInt64.max)
            let b = rng.next() >> UInt64(64 - max(rng.nextInt(in: 1...31), 1))
            let n = rng.next() >> UInt64(rng.nextInt(in: 0...63))
            // Solvers' digit lists.
            #expect(Self.value(BitListArithmetic.add(Self.bits(a), Self.bits(b))) == a + b)
            #expect(Self.value(BitListArithmetic.multiply(Self.bits(a), Self.bits(b))) == a * b)
            #expect(Self.value(BitListArithmetic.squareRoot(Self.bits(n))) == Self.isqrt(n))
            // Generators' words.
            let (x, y, m) = (BigNatural(a), BigNatural(b), BigNatural(n))
            #expect(x + y == BigNatural(a + b))
            #expect(x * y == BigNatural(a * b))
            #expect(m.squareRootFloor() == BigNatural(Self.isqrt(n)))
        }
    }

    @Test func edgeValues() {
        for v: UInt64 in [0, 1, 2, 3, 4, 15, 16, 17, 255, 256, UInt64.max, UInt64.max - 1, 1 << 63] {
            #expect(BigNatural(v).squareRootFloor() == BigNatural(Self.isqrt(v)))
            #expect(Self.value(BitListArithmetic.squareRoot(Self.bits(v))) == Self.isqrt(v))
        }
        let top = BigNatural(UInt64.max)
        #expect((top + BigNatural(1)).bitWidth == 65)
        #expect((top * top).bitWidth == 128)
        #expect(BigNatural().bitWidth == 0 && BigNatural(1).bitWidth == 1)
    }

    @Test func longNumbersAgreeAcrossImplementations() {
        var rng = RandomGenerator(seed: 12)
        for _ in 0..<60 {
            let x = BigNatural.randomNonZero(bitCount: rng.nextInt(in: 1...500), rng: &rng)
            let y = BigNatural.randomNonZero(bitCount: rng.nextInt(in: 1...500), rng: &rng)
            let xb = (0..<x.bitWidth).map(x.bit)
            let yb = (0..<y.bitWidth).map(y.bit)
            let sum = x + y
            let product = x * y
            let root = x.squareRootFloor()
            #expect((0..<sum.bitWidth).map(sum.bit) == BitListArithmetic.add(xb, yb))
            #expect((0..<product.bitWidth).map(product.bit) == BitListArithmetic.multiply(xb, yb))
            #expect((0..<root.bitWidth).map(root.bit) == BitListArithmetic.squareRoot(xb))
            // root² <= x < (root + 1)².
            #expect(
                BitListArithmetic.compare(
                    BitListArithmetic.multiply((0..<root.bitWidth).map(root.bit), (0..<root.bitWidth).map(root.bit)), xb
                ) <= 0)
            let next = root + BigNatural(1)
            let nextSquare = next * next
            #expect(BitListArithmetic.compare((0..<nextSquare.bitWidth).map(nextSquare.bit), xb) > 0)
            #expect(BigNatural(littleEndianBits: xb) == x)
        }
    }

    @Test func randomNonZeroStaysInRange() {
        var rng = RandomGenerator(seed: 4)
        for bits in [1, 2, 3, 63, 64, 65, 128, 500] {
            for _ in 0..<200 {
                let n = BigNatural.randomNonZero(bitCount: bits, rng: &rng)
                #expect(!n.isZero && n.bitWidth <= bits)
            }
        }
    }
}
