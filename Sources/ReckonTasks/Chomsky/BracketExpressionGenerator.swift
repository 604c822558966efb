import ReckonSupport

/// The reference's recursive generator of bracketed modular expressions of an exact length.
///
/// Length 1: `d`; 2: `-d`; 3: `(d)`; 4: `(-d)`; longer: `( left op right )` with the left
/// length uniform in 1...L-4. The value (mod 5) is computed on the way back up.
struct BracketExpressionGenerator {
    let symbols: BracketSymbols
    /// Whether `*` is one of the operators (the benchmark's modular_arithmetic_brackets: yes).
    let multiplication: Bool

    /// Writes an expression of exactly `length` tokens at `out[start...]`; returns its value mod 5.
    func write(length: Int, into out: inout [Int], at start: Int, rng: inout RandomGenerator) -> Int {
        let m = BracketSymbols.modulus
        switch length {
        case 1:
            let d = rng.nextInt(below: m)
            out[start] = d
            return d
        case 2:
            let d = rng.nextInt(below: m)
            out[start] = symbols.minus
            out[start + 1] = d
            return (m - d) % m
        case 3:
            let d = rng.nextInt(below: m)
            out[start] = symbols.open
            out[start + 1] = d
            out[start + 2] = symbols.close
            return d
        case 4:
            let d = rng.nextInt(below: m)
            out[start] = symbols.open
            out[start + 1] = symbols.minus
            out[start + 2] = d
            out[start + 3] = symbols.close
            return (m - d) % m
        default:
            precondition(length >= 1, "expressions have length >= 1")
            let leftLength = rng.nextInt(in: 1...(length - 4))
            let rightLength = length - leftLength - 3
            out[start] = symbols.open
            let left = write(length: leftLength, into: &out, at: start + 1, rng: &rng)
            let right = write(length: rightLength, into: &out, at: start + 2 + leftLength, rng: &rng)
            out[start + length - 1] = symbols.close
            let op = rng.nextInt(below: multiplication ? 3 : 2)
            switch op {
            case 0:
                out[start + 1 + leftLength] = symbols.plus
                return (left + right) % m
            case 1:
                out[start + 1 + leftLength] = symbols.minus
                return (left - right + m) % m
            default:
                out[start + 1 + leftLength] = symbols.times!
                return left * right % m
            }
        }
    }
}
