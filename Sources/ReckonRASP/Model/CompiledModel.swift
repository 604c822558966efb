import ReckonSupport
import Foundation
import ReckonNN
import ReckonTensor

/// A transformer compiled from a RASP program, running on Reckon's tensor engine: a BOS token
/// is prepended, token and position embeddings write one-hot directions, then each layer adds
/// multi-head attention and a ReLU MLP to the residual stream (no layer norm, as tracr).
///
/// The weights are named tensors, as any checkpoint's, so the model saves to safetensors and can
/// later initialize a trainable transformer. Layers keep their own head and hidden sizes.
public final class CompiledModel: @unchecked Sendable {
    public let program: Program
    public let layout: ResidualLayout
    public let architecture: ModelArchitecture
    /// `embedding.tokens` [V+1, d] (row 0 is BOS), `embedding.positions` [max+1, d],
    /// `layers.<i>.attention.{query,key,value}.weight` [d, heads·size], `layers.<i>.attention.output.weight`,
    /// `layers.<i>.mlp.hidden.weight` [d, hidden], `layers.<i>.mlp.output.weight` [hidden, d],
    /// `unembedding.weight` [d, output directions].
    public let tensors: [String: Tensor]

    init(program: Program, layout: ResidualLayout, architecture: ModelArchitecture, tensors: [String: Tensor]) {
        self.program = program
        self.layout = layout
        self.architecture = architecture
        self.tensors = tensors
    }

    public var residualWidth: Int { layout.width }
    public var vocabulary: [Value] { layout.vocabulary }
    public var maxLength: Int { layout.maxLength }
    /// The output s-op's directions.
    public var outputSpan: ResidualLayout.Span { layout.span(architecture.output)! }

    /// BOS (id 0) followed by each token's id (1 + its place in the vocabulary).
    public func tokenIDs(_ input: [Value]) throws -> [Int] {
        guard input.count <= maxLength else { throw InputError.tooLong(input.count, maxLength: maxLength) }
        return try [0]
            + input.map { token in
                guard let i = vocabulary.firstIndex(of: token) else {
                    throw InputError.notInVocabulary(token, vocabulary)
                }
                return i + 1
            }
    }

    /// The residual stream after the last layer, [B, T, d], for B sequences of equal length T
    /// (BOS included).
    public func forward(tokenIDs: [[Int]]) -> Tensor {
        let b = tokenIDs.count
        let t = tokenIDs.first?.count ?? 0
        let d = residualWidth
        precondition(b > 0 && t > 0 && tokenIDs.allSatisfy { $0.count == t }, "forward needs equal-length rows")
        precondition(t <= maxLength + 1, "rows longer than the position embedding")
        var x = embedding(tensors["embedding.tokens"]!, ids: tokenIDs.flatMap { $0 }, idShape: [b, t])
        x = (x + tensors["embedding.positions"]!.slice(axis: 0, 0..<t)).reshaped([b * t, d])
        for (i, layer) in architecture.layers.enumerated() {
            let h = layer.heads.count
            if h > 0 {
                let k = layer.keySize
                let e = layer.valueSize
                func heads(_ name: String, _ width: Int) -> Tensor {
                    matmul(x, tensors["layers.\(i).attention.\(name).weight"]!)
                        .reshaped([b, t, h, width]).permuted([0, 2, 1, 3]).reshaped([b * h, t, width])
                }
                // The logits are exactly the compiled scores: no 1/√key_size, which tracr's Haiku model
                // applies without compensating (so its effective coldness is 100/√key_size).
                let mixed = attention(q: heads("query", k), k: heads("key", k), v: heads("value", e), scale: 1)
                let merged = mixed.reshaped([b, h, t, e]).permuted([0, 2, 1, 3]).reshaped([b * t, h * e])
                x = x + matmul(merged, tensors["layers.\(i).attention.output.weight"]!)
            }
            if layer.hidden > 0 {
                let hidden = matmul(x, tensors["layers.\(i).mlp.hidden.weight"]!).relu()
                x = x + matmul(hidden, tensors["layers.\(i).mlp.output.weight"]!)
            }
        }
        return x.reshaped([b, t, d])
    }

    /// The value a span holds at one position of a residual row: categorical, the value of the
    /// largest direction if it exceeds 1/2, else None (all directions near 0, as an empty selection
    /// leaves them); numerical, the number.
    public static func decode(_ row: UnsafeBufferPointer<Float>, _ span: ResidualLayout.Span) -> Value? {
        if span.encoding == .numerical { return .number(Double(row[span.start])) }
        var best = -1
        var bestValue: Float = 0.5
        for j in 0..<span.values.count where row[span.start + j] > bestValue {
            best = j
            bestValue = row[span.start + j]
        }
        return best < 0 ? nil : span.values[best]
    }

    /// The compiled model's output on `input` (the BOS position dropped).
    public func run(_ input: [Value]) throws -> [Value?] {
        let ids = try tokenIDs(input)
        let residual = forward(tokenIDs: [ids])
        let span = outputSpan
        let d = residualWidth
        return residual.withUnsafeBufferPointer { p in
            (1..<ids.count).map { pos in
                CompiledModel.decode(UnsafeBufferPointer(rebasing: p[(pos * d)..<((pos + 1) * d)]), span)
            }
        }
    }

    /// The weights and parameter count.
    public var parameterCount: Int { tensors.values.reduce(0) { $0 + $1.count } }

    // MARK: Saving and loading

    static let format = "reckon-rasp-1"

    /// Writes the weights to a safetensors file whose metadata holds the program text, the residual
    /// layout and the architecture (JSON), so `load` needs nothing else.
    public func save(to url: URL) throws {
        try AtomicFile.write(try encoded(), to: url)
    }

    /// The safetensors bytes `save` writes, made in memory so that a caller can have everything
    /// ready before it touches the disk.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let metadata = [
            "format": CompiledModel.format,
            "program": program.text,
            "residual_layout": String(decoding: try encoder.encode(layout), as: UTF8.self),
            "architecture": String(decoding: try encoder.encode(architecture), as: UTF8.self),
            "residual_labels": layout.directions.map(\.description).joined(separator: "\n"),
        ]
        return Safetensors.encode(tensors, metadata: metadata)
    }

    /// Reads a model `save` wrote; the program is parsed again from its text.
    public static func load(from url: URL) throws -> CompiledModel {
        let file = try Safetensors.read(from: url)
        func fail(_ why: String) -> ModelFileError { ModelFileError(path: url.path, reason: why) }
        guard file.metadata["format"] == format else {
            let found = file.metadata["format"].map { "'\($0)'" } ?? "missing"
            throw fail("not a compiled RASP model (metadata format is \(found))")
        }
        guard let text = file.metadata["program"], let layoutJSON = file.metadata["residual_layout"],
            let architectureJSON = file.metadata["architecture"]
        else {
            throw fail("its metadata lacks the program or layout")
        }
        let decoder = JSONDecoder()
        let layout: ResidualLayout
        let architecture: ModelArchitecture
        do {
            layout = try decoder.decode(ResidualLayout.self, from: Data(layoutJSON.utf8))
            architecture = try decoder.decode(ModelArchitecture.self, from: Data(architectureJSON.utf8))
        } catch { throw fail("its layout or architecture does not decode: \(error)") }
        if let problem = inconsistency(layout: layout, architecture: architecture) { throw fail(problem) }
        let program = try Program(parsing: text, file: url.lastPathComponent + "#program")
        let model = CompiledModel(program: program, layout: layout, architecture: architecture, tensors: file.tensors)
        for (name, shape) in model.expectedShapes() where file.tensors[name]?.shape != shape {
            throw fail("tensor \(name) should be \(shape), found \(file.tensors[name].map { "\($0.shape)" } ?? "none")")
        }
        return model
    }

    /// What is wrong with a layout and architecture read from a file, if anything. Everything that
    /// runs or shows a model indexes the residual stream with them and multiplies their sizes, so a
    /// tampered file is refused here rather than trapping there (an output without a span, a span
    /// past the stream, sizes whose product overflows).
    static func inconsistency(layout: ResidualLayout, architecture: ModelArchitecture) -> String? {
        let d = layout.width
        guard layout.spans.count >= 2, layout.spans[0].label == "tokens", layout.spans[1].label == "indices",
            layout.spans[0].encoding == .categorical, layout.spans[1].encoding == .categorical, d >= 2
        else { return "its residual layout does not begin with one, BOS, tokens and indices" }
        let v = layout.vocabulary.count
        let n = layout.maxLength
        guard (1...RaspLimits.vocabulary).contains(v), (1...RaspLimits.maxLength).contains(n) else {
            return "its vocabulary of \(v) tokens or maximum length \(n) is past RASP's limits "
                + "(\(RaspLimits.vocabulary) tokens, length \(RaspLimits.maxLength))"
        }
        for span in layout.spans {
            let inside = span.start >= 0 && span.start <= d - span.count
            guard inside, span.widthDirection.map({ (0..<d).contains($0) }) ?? true else {
                return "the directions of \(span.label) lie outside its \(d)-direction residual stream"
            }
        }
        guard layout.span(architecture.output) != nil else {
            return "its output '\(architecture.output)' has no directions in its residual layout"
        }
        // Each size below 2³¹ and each count below 2²⁰ keep every product of shapes within Int.
        let size = 0..<(1 << 31)
        for layer in architecture.layers {
            guard layer.heads.count < 1 << 20, layer.mlps.count < 1 << 20, size.contains(layer.keySize),
                size.contains(layer.valueSize), layer.mlps.allSatisfy({ size.contains($0.hidden) })
            else { return "its architecture has a layer of impossible size" }
        }
        return nil
    }

    /// Every tensor the architecture needs, with its shape.
    func expectedShapes() -> [(String, [Int])] {
        let d = residualWidth
        var out: [(String, [Int])] = [
            ("embedding.tokens", [vocabulary.count + 1, d]),
            ("embedding.positions", [maxLength + 1, d]),
            ("unembedding.weight", [d, outputSpan.count]),
        ]
        for (i, layer) in architecture.layers.enumerated() {
            let h = layer.heads.count
            if h > 0 {
                out += [
                    ("layers.\(i).attention.query.weight", [d, h * layer.keySize]),
                    ("layers.\(i).attention.key.weight", [d, h * layer.keySize]),
                    ("layers.\(i).attention.value.weight", [d, h * layer.valueSize]),
                    ("layers.\(i).attention.output.weight", [h * layer.valueSize, d]),
                ]
            }
            if layer.hidden > 0 {
                out += [
                    ("layers.\(i).mlp.hidden.weight", [d, layer.hidden]),
                    ("layers.\(i).mlp.output.weight", [layer.hidden, d]),
                ]
            }
        }
        return out
    }
}
