import Foundation

/// A memory task whose examples are sequences of bit vectors (the NTM paper's tasks).
///
/// Batches fill `Batch.inputBits` [B, T_in, inputSize] and `Batch.targetBits`
/// [B, T_out, outputSize]; the token arrays `input`/`target` stay empty. Symbols name the
/// channels of a vector (`b0` ... `b7`, `delimiter`, ...), not tokens.
public protocol BitVectorTask: AlgorithmicTask {
    /// The exact target rows (T_out rows of `outputSize` values) for one input given as
    /// rows of `inputSize` values, computed without the generator's code.
    func solveBits(_ input: [[Float]]) -> [[Float]]
}

extension BitVectorTask {
    public var outputKind: TaskOutputKind { .bitVectors }
    public var isClassification: Bool { false }

    /// `solve` on integers: the input rows flattened row by row (bits as 0/1, a priority as
    /// its integer level), the target rows flattened the same way.
    public func solve(_ input: [Int]) -> [Int] {
        precondition(input.count % inputSize == 0, "input must be whole rows of \(inputSize) values")
        let rows = stride(from: 0, to: input.count, by: inputSize).map { start in
            input[start..<start + inputSize].map(Float.init)
        }
        return solveBits(rows).flatMap { $0.map { Int($0.rounded()) } }
    }
}

extension Batch {
    /// Input vectors of example `b` as rows (bit-vector batches only).
    public func inputBitRows(_ b: Int) -> [[Float]] {
        rows(inputBits ?? [], from: b * inputLength, count: inputLength, width: inputBitWidth)
    }

    /// Target vectors of example `b` as rows (bit-vector batches only).
    public func targetBitRows(_ b: Int) -> [[Float]] {
        rows(targetBits ?? [], from: b * outputLength, count: outputLength, width: targetBitWidth)
    }

    private func rows(_ flat: [Float], from first: Int, count: Int, width: Int) -> [[Float]] {
        (first..<first + count).map { r in Array(flat[r * width..<(r + 1) * width]) }
    }
}

extension AlgorithmicTask {
    /// The input of example `b` in the task's own symbols, one word per position: a token's
    /// symbol, or for a bit-vector row its bits as 0/1 followed by the other channels that are
    /// set (`01101001`, `delimiter`, `10110010,priority=-0.37`).
    public func inputText(_ batch: Batch, example b: Int) -> [String] {
        if outputKind == .reals { return Self.valueText(batch.inputValueRow(b), width: batch.inputValueWidth) }
        if batch.inputValues != nil {
            // Points or numbers of a pointer task, one row per position.
            return batch.inputValueRows(b).map { row in
                row.map { String(format: "%.3f", $0) }.joined(separator: ",")
            }
        }
        guard usesBitVectors else { return decodeInput(batch.inputRow(b)) }
        return batch.inputBitRows(b).map { Self.rowText($0, symbols: inputSymbols) }
    }

    /// The target of example `b` in the task's own symbols (see `inputText`).
    public func targetText(_ batch: Batch, example b: Int) -> [String] {
        if outputKind == .pointers {
            // Input positions, as far as the answer goes (the mask ends after a hull's marker).
            return zip(batch.targetRow(b), batch.maskRow(b)).filter { $0.1 > 0 }.map { "\($0.0)" }
        }
        if outputKind == .reals { return Self.valueText(batch.targetValueRow(b), width: batch.targetValueWidth) }
        guard usesBitVectors else { return decodeOutput(batch.targetRow(b)) }
        return batch.targetBitRows(b).map { Self.rowText($0, symbols: outputSymbols) }
    }

    /// Real values, one word per position: its values to 4 significant digits, comma-separated.
    static func valueText(_ values: [Float], width: Int) -> [String] {
        stride(from: 0, to: values.count, by: Swift.max(width, 1)).map { start in
            values[start..<Swift.min(start + width, values.count)]
                .map { String(format: "%.4g", Double($0)) }.joined(separator: ",")
        }
    }

    /// One bit-vector row: channels named b0, b1, ... are bits; others are shown by name.
    static func rowText(_ row: [Float], symbols: [String]) -> String {
        var bits = ""
        var named: [String] = []
        for (value, symbol) in zip(row, symbols) {
            if symbol.first == "b", Int(symbol.dropFirst()) != nil {
                bits += value > 0.5 ? "1" : "0"
            } else if value != 0 {
                named.append(value == 1 ? symbol : "\(symbol)=\(String(format: "%g", value))")
            }
        }
        if !named.isEmpty && !bits.contains("1") { return named.joined(separator: ",") }
        return ([bits] + named).filter { !$0.isEmpty }.joined(separator: ",")
    }
}
