import ReckonSupport

/// decimal_addition and decimal_multiplication: two L-digit decimal operands, the answer in a
/// chosen `format`, then `$` (positions after it are 0 and outside the mask).
///
/// Length L is the digit count of each operand (L = 1: 0-9; otherwise no leading zero), so a
/// run on `--train-length 8` sees 1-8 digits and the score covers 9 ... `--eval-max-length`.
/// Scratchpads (after Lee et al. 2023, in tokens): addition writes one group per column from
/// the least significant, `a_i b_i c_i s_i ;` (digits, carry in, sum digit), then `|` and the
/// answer; multiplication writes, per digit b_j from the least significant, the partial product
/// a·b_j and the running sum Σ_{k≤j} a·b_k·10^k, each followed by `;`, then `|` and the answer.
public struct DecimalArithmetic: ConfigurableTask {
    /// Which operation the task asks for.
    public enum Operation: Sendable { case addition, multiplication }

    public let operation: Operation

    /// The settings of `decimal_addition` and `decimal_multiplication`.
    public struct Settings: SettingGroup {
        @Setting("format", "how the example is written") public var format = DecimalFormat.plain
        @Setting(
            "max_digits", "the most digits an operand may have (index hints need one token per place)",
            minimum: 1, maximum: 1000)
        public var maxDigits = 64

        public init() {}
    }

    public var settings = Settings()
    public var format: DecimalFormat { settings.format }
    /// The most digits an operand may have (bounds the index-hint vocabulary).
    public var maxDigits: Int { settings.maxDigits }

    public init(_ operation: Operation) { self.operation = operation }

    public var name: String { operation == .addition ? "decimal_addition" : "decimal_multiplication" }
    public var level: TaskLevel { .arithmetic }
    public var summary: String {
        (operation == .addition ? "a + b" : "a * b") + " of two L-digit decimal numbers in the chosen format, then $"
    }
    public var outputLengthRule: String {
        switch (operation, format) {
        case (.addition, .plain), (.addition, .reversed): return "L + 2"
        case (.addition, .indexHints): return "2L + 3"
        case (.addition, .scratchpad): return "6L + 3"
        case (.multiplication, .plain), (.multiplication, .reversed): return "2L + 1"
        case (.multiplication, .indexHints): return "4L + 1"
        case (.multiplication, .scratchpad): return "L(5L + 7) / 2 + 2L + 2"
        }
    }
    public var lengthNote: String {
        "L = digits per operand, 1...\(maxDigits); the input has \(format == .indexHints ? "4L + 2" : "2L + 2") "
            + "tokens; the mask ends at $"
    }
    var hintCount: Int { format == .indexHints ? 2 * maxDigits : 0 }
    public var inputSymbols: [String] {
        (0...9).map(String.init) + ["+", "*", "="] + (0..<hintCount).map { "h\($0)" }
    }
    public var outputSymbols: [String] {
        (0...9).map(String.init) + ["$", ";", "|"] + (0..<hintCount).map { "h\($0)" }
    }
    /// The literature scores a whole answer (Lee et al., Zhou et al., Shen et al.).
    public var reportsExactMatch: Bool { true }
    public var defaultTrainLength: Int { 8 }
    public var defaultEvalMaxLength: Int { 16 }

    static let (plus, times, equals, firstInputHint) = (10, 11, 12, 13)
    static let (termination, separator, answerMark, firstOutputHint) = (10, 11, 12, 13)

    public func validate(length: Int) throws {
        guard (1...maxDigits).contains(length) else {
            throw TaskError.invalidLength(task: name, length: length, valid: "1...\(maxDigits) (max_digits)")
        }
    }

    public func inputLength(forLength length: Int) -> Int { format == .indexHints ? 4 * length + 2 : 2 * length + 2 }

    public func outputLength(forInputLength length: Int) -> Int {
        let l = Swift.max(1, (length - 2) / (format == .indexHints ? 4 : 2))
        switch (operation, format) {
        case (.addition, .plain), (.addition, .reversed): return l + 2
        case (.addition, .indexHints): return 2 * l + 3
        case (.addition, .scratchpad): return 6 * l + 3
        case (.multiplication, .plain), (.multiplication, .reversed): return 2 * l + 1
        case (.multiplication, .indexHints): return 4 * l + 1
        case (.multiplication, .scratchpad): return l * (5 * l + 7) / 2 + 2 * l + 2
        }
    }

    // MARK: sampling

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        let inLength = inputLength(forLength: length)
        let outLength = outputLength(forInputLength: inLength)
        var inputs = [Int](repeating: 0, count: batchSize * inLength)
        var targets = [Int](repeating: 0, count: batchSize * outLength)
        var mask = [Float](repeating: 0, count: batchSize * outLength)
        for e in 0..<batchSize {
            // Digits least significant first; the leading digit of a multi-digit operand is 1-9.
            let a = Self.randomDigits(length, rng: &rng)
            let b = Self.randomDigits(length, rng: &rng)
            let input = encodeOperands(a, b)
            let output = render(a, b)
            precondition(input.count == inLength && output.count <= outLength, "\(name) \(format) layout")
            for (i, t) in input.enumerated() { inputs[e * inLength + i] = t }
            for (i, t) in output.enumerated() {
                targets[e * outLength + i] = t
                mask[e * outLength + i] = 1
            }
        }
        return Batch(
            batchSize: batchSize, inputLength: inLength, outputLength: outLength,
            input: .tokens(inputs), target: .tokens(targets), mask: mask)
    }

    static func randomDigits(_ count: Int, rng: inout RandomGenerator) -> [Int] {
        (0..<count).map { i in i == count - 1 && count > 1 ? 1 + rng.nextInt(below: 9) : rng.nextInt(below: 10) }
    }

    /// The input tokens for operands given least significant digit first.
    func encodeOperands(_ a: [Int], _ b: [Int]) -> [Int] {
        func written(_ x: [Int]) -> [Int] {
            x.indices.reversed().flatMap { i in format == .indexHints ? [Self.firstInputHint + i, x[i]] : [x[i]] }
        }
        return written(a) + [operation == .addition ? Self.plus : Self.times] + written(b) + [Self.equals]
    }

    /// The target tokens up to and including `$`, with the generator's schoolbook arithmetic.
    func render(_ a: [Int], _ b: [Int]) -> [Int] {
        let answer = operation == .addition ? Self.add(a, b) : Self.multiply(a, b)
        var out: [Int] = []
        switch format {
        case .plain: out = answer.reversed()
        case .reversed: out = answer
        case .indexHints: out = answer.indices.reversed().flatMap { [Self.firstOutputHint + $0, answer[$0]] }
        case .scratchpad:
            if operation == .addition {
                var carry = 0
                for i in a.indices {
                    let s = a[i] + b[i] + carry
                    out += [a[i], b[i], carry, s % 10, Self.separator]
                    carry = s / 10
                }
            } else {
                var running: [Int] = [0]
                for j in b.indices {
                    let partial = Self.multiply(a, [b[j]])
                    running = Self.add(running, Array(repeating: 0, count: j) + partial)
                    out += partial.reversed() + [Self.separator] + running.reversed() + [Self.separator]
                }
            }
            out += [Self.answerMark] + answer.reversed()
        }
        return out + [Self.termination]
    }

    /// Digit lists (least significant first) added with a carry; no leading zeros except for 0.
    static func add(_ x: [Int], _ y: [Int]) -> [Int] {
        var out: [Int] = []
        var carry = 0
        for i in 0..<Swift.max(x.count, y.count) {
            let s = (i < x.count ? x[i] : 0) + (i < y.count ? y[i] : 0) + carry
            out.append(s % 10)
            carry = s / 10
        }
        if carry > 0 { out.append(carry) }
        return trimmed(out)
    }

    /// Schoolbook multiplication: each digit of y times x, shifted, added up.
    static func multiply(_ x: [Int], _ y: [Int]) -> [Int] {
        var total: [Int] = [0]
        for (j, d) in y.enumerated() {
            var row = [Int](repeating: 0, count: j)
            var carry = 0
            for v in x {
                let p = v * d + carry
                row.append(p % 10)
                carry = p / 10
            }
            if carry > 0 { row.append(carry) }
            total = add(total, row)
        }
        return trimmed(total)
    }

    static func trimmed(_ x: [Int]) -> [Int] {
        var x = x
        while x.count > 1, x.last == 0 { x.removeLast() }
        return x.isEmpty ? [0] : x
    }

    // MARK: solver

    /// The full target row recomputed from the input tokens without the generator's code:
    /// products are column convolutions with one carry pass, a running sum is a times the low
    /// digits of b, and an addition column's carry is what its sum digit implies.
    public func solve(_ input: [Int]) -> [Int] {
        let digits = input.filter { $0 <= 9 || $0 == Self.plus || $0 == Self.times }
        guard let op = digits.firstIndex(where: { $0 == Self.plus || $0 == Self.times }) else {
            preconditionFailure("an input holds + or *")
        }
        let a = Array(digits[..<op].reversed())
        let b = Array(digits[(op + 1)...].reversed())
        func carried(_ columns: [Int]) -> [Int] {
            var c = columns + [0, 0]
            for i in 0..<c.count - 1 {
                c[i + 1] += c[i] / 10
                c[i] %= 10
            }
            while c.count > 1, c.last == 0 { c.removeLast() }
            return c
        }
        func product(_ x: [Int], _ y: [Int]) -> [Int] {
            var columns = [Int](repeating: 0, count: x.count + y.count)
            for (i, u) in x.enumerated() { for (j, v) in y.enumerated() { columns[i + j] += u * v } }
            return carried(columns)
        }
        let answer =
            operation == .addition
            ? carried(
                (0..<Swift.max(a.count, b.count)).map { i in (i < a.count ? a[i] : 0) + (i < b.count ? b[i] : 0) })
            : product(a, b)
        var row: [Int]
        switch format {
        case .plain: row = answer.reversed()
        case .reversed: row = answer
        case .indexHints: row = answer.indices.reversed().flatMap { [Self.firstOutputHint + $0, answer[$0]] }
        case .scratchpad:
            row = []
            if operation == .addition {
                for i in a.indices {
                    let sum = i < answer.count ? answer[i] : 0
                    let carryIn = ((sum - a[i] - b[i]) % 10 + 10) % 10
                    row += [a[i], b[i], carryIn, sum, Self.separator]
                }
            } else {
                for j in b.indices {
                    row += product(a, [b[j]]).reversed() + [Self.separator]
                    row += product(a, Array(b[...j])).reversed() + [Self.separator]
                }
            }
            row += [Self.answerMark] + answer.reversed()
        }
        row.append(Self.termination)
        return row + [Int](repeating: 0, count: outputLength(forInputLength: input.count) - row.count)
    }
}
