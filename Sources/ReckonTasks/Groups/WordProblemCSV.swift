/// Examples of `word_problem` in jopetty/word-problem's CSV format (`data/<group>=<k>.csv`, written
/// by src/generate_data.py through polars' `write_csv`):
///
///     seed,input,target
///     271828,3 4 3 2 0 2,3 0 3 5 5 3
///
/// `seed` is the generator's seed, `input` the element ids separated by spaces and `target` the
/// running products. Reading also takes fields in double quotes (other writers quote them),
/// `\r\n` line ends and the three columns in any order; every token must be an element id.
public struct WordProblemCSV: Equatable, Sendable {
    /// The header word-problem writes.
    public static let header = "seed,input,target"
    /// The largest file read: 256 MiB (word-problem's largest published file at commit 8f910f9,
    /// A5=20.csv, holds 1 000 000 rows of 20 elements, about 120 MB).
    public static let maximumBytes = 256 << 20
    /// The most examples read from one file: word-problem caps its files at 1 000 000.
    public static let maximumRows = 1_000_000

    /// Each example's seed field, as written.
    public var seeds: [String]
    /// The examples' elements, row after row (`length` each).
    public var inputs: [Int]
    /// The running products, row after row.
    public var targets: [Int]
    /// Elements per example (word-problem's k).
    public let length: Int

    /// Examples whose rows hold `length` elements each.
    public init(seeds: [String], inputs: [Int], targets: [Int], length: Int) {
        precondition(length >= 1 && inputs.count == seeds.count * length && targets.count == inputs.count)
        self.seeds = seeds
        self.inputs = inputs
        self.targets = targets
        self.length = length
    }

    /// A sampled batch's examples, each with `seed` in its seed column.
    public init(_ batch: Batch, seed: UInt64) {
        precondition(batch.outputLength == batch.inputLength, "word-problem rows have a target per element")
        self.init(
            seeds: [String](repeating: String(seed), count: batch.batchSize), inputs: batch.input.ids,
            targets: batch.target.ids, length: batch.inputLength)
    }

    /// word-problem's name for the file of `group` at length k: `A4_x_Z5=10.csv`.
    public static func fileName(group: GroupName, length: Int) -> String { "\(group.name)=\(length).csv" }

    /// The group and length k a file's name gives (`.../A5=10.csv`), or nil for another name.
    public static func parseFileName(_ path: String) -> (group: GroupName, length: Int)? {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        guard base.hasSuffix(".csv") else { return nil }
        let parts = base.dropLast(4).split(separator: "=", omittingEmptySubsequences: false)
        guard parts.count == 2, let group = GroupName(parsing: String(parts[0])), let k = Int(parts[1]), k >= 1 else {
            return nil
        }
        return (group, k)
    }

    /// The number of examples.
    public var count: Int { seeds.count }

    /// Example `i`'s elements.
    public func input(_ i: Int) -> [Int] { Array(inputs[i * length..<(i + 1) * length]) }

    /// Example `i`'s running products, as the file gives them.
    public func target(_ i: Int) -> [Int] { Array(targets[i * length..<(i + 1) * length]) }

    /// Throws `WordProblemCSVError.wrongTarget` at the first example whose target differs from
    /// what `task`'s independent solver computes from its input.
    public func check(against task: WordProblem) throws {
        for i in 0..<count {
            let (given, solved) = (target(i), task.solve(input(i)))
            if let t = given.indices.first(where: { given[$0] != solved[$0] }) {
                throw WordProblemCSVError.wrongTarget(
                    line: i + 2, position: t, found: given[t], expected: solved[t], group: task.settings.group.name)
            }
        }
    }

    /// The examples as a batch of token ids, as `WordProblem.sample` makes them.
    public var batch: Batch { batch(rows: 0..<count) }

    /// The examples `rows` as a batch of token ids.
    public func batch(rows: Range<Int>) -> Batch {
        let span = rows.lowerBound * length..<rows.upperBound * length
        return Batch(
            batchSize: rows.count, inputLength: length, outputLength: length, input: .tokens(Array(inputs[span])),
            target: .tokens(Array(targets[span])))
    }

    /// The file's text: the header, then one line per example, each ending in `\n`.
    public var text: String {
        var out = Self.header + "\n"
        for i in 0..<count {
            out +=
                seeds[i] + "," + input(i).map(String.init).joined(separator: " ") + ","
                + target(i).map(String.init).joined(separator: " ") + "\n"
        }
        return out
    }

    /// The examples of a file's text for a group of `order` elements. Throws a one-line
    /// `WordProblemCSVError` for a file over the bounds, a malformed line, a token that is not an
    /// element id, or rows of different lengths (the bounds are parameters for tests).
    public static func read(
        _ text: String, order: Int, maximumBytes: Int = maximumBytes, maximumRows: Int = maximumRows
    ) throws -> WordProblemCSV {
        var text = text
        let size = text.utf8.count
        guard size <= maximumBytes else { throw WordProblemCSVError.tooLarge(bytes: size, limit: maximumBytes) }
        // Parsed as bytes: `reckon sample --from` on 200 000 rows of 20 (23 MB) took 9.7 s when the
        // String was split into Characters, 2.7 s so (the solver's check included).
        return try text.withUTF8 { try parse($0, order: order, maximumRows: maximumRows) }
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, order: Int, maximumRows: Int) throws -> WordProblemCSV {
        let (newline, carriageReturn, comma, quote) = (
            UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: ","), UInt8(ascii: "\"")
        )
        // Lines without their "\n" or "\r\n"; a last line without one counts too.
        var lines: [Range<Int>] = []
        var start = 0
        func end(_ i: Int) -> Int { i > start && bytes[i - 1] == carriageReturn ? i - 1 : i }
        for i in 0..<bytes.count where bytes[i] == newline {
            lines.append(start..<end(i))
            start = i + 1
            guard lines.count <= maximumRows + 1 else { throw WordProblemCSVError.tooManyRows(limit: maximumRows) }
        }
        if start < bytes.count { lines.append(start..<end(bytes.count)) }
        guard lines.count <= maximumRows + 1 else { throw WordProblemCSVError.tooManyRows(limit: maximumRows) }
        func text(_ r: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self)
        }
        func unquoted(_ r: Range<Int>) -> Range<Int> {
            r.count >= 2 && bytes[r.lowerBound] == quote && bytes[r.upperBound - 1] == quote
                ? r.lowerBound + 1..<r.upperBound - 1 : r
        }
        func fields(_ r: Range<Int>) -> [Range<Int>] {
            var out: [Range<Int>] = []
            var from = r.lowerBound
            for i in r where bytes[i] == comma {
                out.append(unquoted(from..<i))
                from = i + 1
            }
            out.append(unquoted(from..<r.upperBound))
            return out
        }
        guard let first = lines.first else { throw WordProblemCSVError.badHeader(found: "") }
        let names = fields(first).map(text)
        guard names.count == 3, Set(names) == ["seed", "input", "target"] else {
            throw WordProblemCSVError.badHeader(found: text(first))
        }
        let (seedColumn, inputColumn, targetColumn) =
            (names.firstIndex(of: "seed")!, names.firstIndex(of: "input")!, names.firstIndex(of: "target")!)
        guard lines.count > 1 else { throw WordProblemCSVError.empty }
        var seeds: [String] = []
        var inputs: [Int] = []
        var targets: [Int] = []
        var length = 0
        seeds.reserveCapacity(lines.count - 1)
        // Space-separated element ids, each in 0 ..< order, appended to `out`; returns their count.
        func elements(_ r: Range<Int>, line: Int, column: String, into out: inout [Int]) throws -> Int {
            var count = 0
            var i = r.lowerBound
            while i < r.upperBound {
                if bytes[i] == UInt8(ascii: " ") {
                    i += 1
                    continue
                }
                var j = i
                while j < r.upperBound && bytes[j] != UInt8(ascii: " ") { j += 1 }
                // Digits only: word-problem never writes a sign.
                var id = 0
                var valid = j - i <= 6
                for k in i..<j where valid {
                    let digit = bytes[k] &- UInt8(ascii: "0")
                    valid = digit <= 9
                    id = id * 10 + Int(digit)
                }
                guard valid, id < order else {
                    throw WordProblemCSVError.badElement(line: line, column: column, token: text(i..<j), order: order)
                }
                out.append(id)
                count += 1
                i = j
            }
            return count
        }
        for (offset, line) in lines.enumerated().dropFirst() {
            let number = offset + 1
            let row = fields(line)
            guard row.count == 3 else {
                throw WordProblemCSVError.badRow(
                    line: number, reason: "expected 3 fields (seed,input,target), found \(row.count)")
            }
            let inputCount = try elements(row[inputColumn], line: number, column: "input", into: &inputs)
            let targetCount = try elements(row[targetColumn], line: number, column: "target", into: &targets)
            guard inputCount > 0, inputCount == targetCount else {
                throw WordProblemCSVError.badLength(
                    line: number,
                    reason: "input has \(inputCount) elements and target \(targetCount); "
                        + "they must be equal and at least 1")
            }
            if length == 0 { length = inputCount }
            guard inputCount == length else {
                throw WordProblemCSVError.badLength(
                    line: number,
                    reason: "\(inputCount) elements where line 2 has \(length); "
                        + "a word-problem file holds one length k")
            }
            let seed = row[seedColumn]
            guard (1...20).contains(seed.count), seed.allSatisfy({ bytes[$0] &- UInt8(ascii: "0") <= 9 }) else {
                throw WordProblemCSVError.badRow(
                    line: number, reason: "seed '\(WordProblemCSVError.clipped(text(seed)))' is not a whole number")
            }
            seeds.append(text(seed))
        }
        return WordProblemCSV(seeds: seeds, inputs: inputs, targets: targets, length: length)
    }
}
