import ReckonSupport
import ReckonTasks
import Testing

/// Class frequencies of the classification tasks at lengths 5 and 50 against what the
/// reference's generator produces. 20 000 examples give a standard error of at most
/// sqrt(0.25 / 20000) ≈ 0.0035 per class; the tolerance of 0.02 is more than 5 of those
/// (and the seed is fixed, so the outcome is deterministic anyway).
@Suite struct LabelDistributionTests {
    static let examples = 20_000
    static let tolerance = 0.02

    func observed(_ name: String, length: Int, seed: UInt64 = 11) -> [Double] {
        let t = task(name)
        var rng = RandomGenerator(seed: seed)
        let batch = t.sample(batchSize: Self.examples, length: length, rng: &rng)
        return frequencies(batch.target.ids, classes: t.outputSize)
    }

    func expectClose(_ observed: [Double], _ expected: [Double], _ label: String) {
        #expect(observed.count == expected.count)
        for (o, e) in zip(observed, expected) {
            #expect(abs(o - e) < Self.tolerance, "\(label): observed \(observed), expected \(expected)")
        }
    }

    @Test(arguments: [5, 50])
    func parityCheckIsBalanced(_ length: Int) {
        // A uniform bit string has an odd number of 1s with probability exactly 1/2.
        expectClose(observed("parity_check", length: length), [0.5, 0.5], "parity_check L=\(length)")
    }

    @Test(arguments: [5, 50])
    func evenPairsIsBalanced(_ length: Int) {
        // The class is "first bit differs from last bit", two independent fair bits: 1/2.
        expectClose(observed("even_pairs", length: length), [0.5, 0.5], "even_pairs L=\(length)")
    }

    @Test func cycleNavigationAtLength5() {
        // Of the 3^5 = 243 move sequences, the sums -5...5 occur 1, 5, 15, 30, 45, 51, 45,
        // 30, 15, 5, 1 times; grouped mod 5 that is 53, 50, 45, 45, 50 for classes 0...4.
        let expected = [53.0, 50, 45, 45, 50].map { $0 / 243 }
        expectClose(observed("cycle_navigation", length: 5), expected, "cycle_navigation L=5")
    }

    @Test func cycleNavigationAtLength50() {
        // The non-uniform Fourier modes decay like 0.54^L; at L = 50 every class is 1/5 to 1e-12.
        expectClose(observed("cycle_navigation", length: 50), [0.2, 0.2, 0.2, 0.2, 0.2], "cycle_navigation L=50")
    }

    @Test func modularArithmeticAtLength5() {
        // Enumerating the 5^3 · 3^2 = 1125 expressions `a op b op c`: 261 evaluate to 0 and
        // 216 to each other residue (products with a zero factor favour 0).
        expectClose(
            observed("modular_arithmetic", length: 5), [0.232, 0.192, 0.192, 0.192, 0.192],
            "modular_arithmetic L=5")
    }

    @Test func modularArithmeticAtLength50() {
        // Length 50 samples length 49 (odd lengths only); with 25 terms the sum mod 5 is
        // uniform to within 1e-7 (exact Markov-chain computation over (sum, term)).
        expectClose(observed("modular_arithmetic", length: 50), [0.2, 0.2, 0.2, 0.2, 0.2], "modular_arithmetic L=50")
    }

    @Test(arguments: [5, 50])
    func modularArithmeticBracketsMatchesRecursion(_ length: Int) {
        // Exact distribution from the generator's recursion: atoms are uniform, + and - keep
        // uniformity, * of independent values a·b mod 5. At L = 5: P(0) = 19/75, others 14/75.
        // At L = 50: P(0) ≈ 0.2948, others ≈ 0.1763.
        let expected = Self.bracketValueDistribution(length: length)
        if length == 5 {
            #expect(abs(expected[0] - 19.0 / 75) < 1e-12 && abs(expected[1] - 14.0 / 75) < 1e-12)
        }
        expectClose(
            observed("modular_arithmetic_brackets", length: length), expected,
            "modular_arithmetic_brackets L=\(length)")
    }

    @Test(arguments: [5, 50])
    func solveEquationIsUniform(_ length: Int) {
        // Which digit becomes x depends only on the expression's shape, and digits are
        // uniform and independent of the shape, so the answer is uniform over 0...4.
        expectClose(
            observed("solve_equation", length: length), [0.2, 0.2, 0.2, 0.2, 0.2], "solve_equation L=\(length)")
    }

    @Test(arguments: [5, 50])
    func missingDuplicateStringIsBalanced(_ length: Int) {
        // The hidden symbol is one of the uniform bits.
        expectClose(
            observed("missing_duplicate_string", length: length), [0.5, 0.5], "missing_duplicate_string L=\(length)")
    }

    /// P(value) of a modular_arithmetic_brackets expression of `length` tokens, by the
    /// recursion of the reference's generator (left length uniform in 1...L-4, operator
    /// uniform over + - *).
    static func bracketValueDistribution(length: Int) -> [Double] {
        var table: [[Double]] = [[]]
        for l in 1...length {
            if l <= 4 {
                table.append([Double](repeating: 0.2, count: 5))
                continue
            }
            var p = [Double](repeating: 0, count: 5)
            for left in 1...(l - 4) {
                let right = l - left - 3
                for a in 0..<5 {
                    for b in 0..<5 {
                        let w = table[left][a] * table[right][b] / 3 / Double(l - 4)
                        p[(a + b) % 5] += w
                        p[(a - b + 5) % 5] += w
                        p[(a * b) % 5] += w
                    }
                }
            }
            table.append(p)
        }
        return table[length]
    }
}
