import Foundation
import ReckonNN
import ReckonSupport
import ReckonTensor
import Testing

@testable import ReckonRASP

/// The compiler's stages and constructions, and the compiled model as a checkpoint.
@Suite struct CompilerTests {
    func compile(
        _ text: String, _ vocabulary: [Value], _ maxLength: Int,
        options: CompileOptions = CompileOptions()
    ) throws -> CompiledModel {
        try Compiler.compile(try Program(parsing: text), vocabulary: vocabulary, maxLength: maxLength, options: options)
    }

    func verify(_ model: CompiledModel, limit: Int = 5000, samples: Int = 4) -> VerificationReport {
        var o = Verifier.Options()
        o.exhaustiveLimit = limit
        o.samplesPerLength = samples
        return Verifier(model, options: o).verify()
    }

    @Test func valueSetsAsTracrButWithEveryMean() throws {
        let program = try ProgramLibrary.program(named: "frac_prevs").program
        let graph = program.graph
        let sets = try ValueSetInference.infer(
            graph, vocabulary: ["a", "b", "x"], maxLength: 4,
            options: CompileOptions())
        let frac = Set(sets[graph.index(ofLabel: "frac_prevs")!]!)
        // Tracr's {v/n : v in {0, 1}} lacks 2/3 and 3/4, which frac_prevs reaches ("x x a" → 2/3).
        #expect(frac.contains(.number(2.0 / 3)) && frac.contains(.number(0.75)))
        #expect(frac.count == 7)  // 0, 1, 1/2, 1/3, 2/3, 1/4, 3/4 and no others up to n = 4
        let reverse = try ProgramLibrary.program(named: "reverse").program.graph
        let rsets = try ValueSetInference.infer(reverse, vocabulary: ["a"], maxLength: 3, options: CompileOptions())
        #expect(rsets[reverse.index(ofLabel: "length")!] == [0, 1, 2, 3])
        #expect(rsets[reverse.index(ofLabel: "opp_idx")!] == [-2, -1, 0, 1, 2, 3])
    }

    /// The schedule is as-soon-as-possible; tracr's heuristic is reproduced for comparison.
    @Test func layerCountsNextToTracrs() throws {
        let expected: [String: (reckon: Int, tracr: Int)] = [
            "length": (1, 1), "reverse": (4, 4), "histogram": (1, 1), "sort_unique": (2, 2), "sort": (3, 3),
            "frac_prevs": (2, 2), "dyck1": (5, 6), "dyck2": (7, 8),
        ]
        for (name, counts) in expected {
            let lib = try ProgramLibrary.program(named: name)
            let model = try Compiler.compile(lib.program, vocabulary: lib.vocabulary, maxLength: 5)
            #expect(model.architecture.layers.count == counts.reckon, "\(name)")
            #expect(model.architecture.tracrLayerCount == counts.tracr, "\(name)")
        }
    }

    @Test func unsupportedConstructsAreCompileErrors() throws {
        let cases: [(String, String)] = [
            ("o = selector_width(select(numerical(map(x -> x, tokens)), tokens, EQ))\n", "must be categorical"),
            ("o = aggregate(select(indices, indices, EQ), tokens, default: \"a\")\n", "default must be None"),
            (
                "o = numerical(aggregate(select(indices, indices, LEQ), numerical(tokens == \"a\")))\n",
                "needs default: 0"
            ),
            (
                "o = aggregate(select(indices, indices, LEQ), numerical(tokens == \"a\"), default: 0)\n",
                "encoding must be its input's"
            ),
            (
                "a = numerical(tokens == \"a\")\nb = numerical(a + 1)\n"
                    + "o = numerical(sequence_map((x, y) -> x * y, a, b))\n", "linear"
            ),
            ("a = numerical(tokens == \"a\")\no = sequence_map((x, y) -> x + y, a, tokens)\n", "cannot mix"),
            ("o = numerical(tokens)\n", "must be categorical"),
        ]
        for (text, fragment) in cases {
            do {
                _ = try compile(text, ["a", "b"], 4)
                Issue.record("no error for \(text)")
            } catch let e as CompileError {
                #expect(e.message.contains(fragment), "\(text): \(e)")
            }
        }
    }

    /// BOS carries no s-op's value after any layer: an empty selection must read a clean zero there.
    @Test func theBOSPositionStaysClean() throws {
        for lib in ProgramLibrary.all {
            let model = try Compiler.compile(lib.program, vocabulary: lib.vocabulary, maxLength: 6)
            var rng = RandomGenerator(seed: 3)
            let input = (0..<6).map { _ in lib.vocabulary[rng.nextInt(below: lib.vocabulary.count)] }
            let residual = model.forward(tokenIDs: [try model.tokenIDs(input)])
            residual.withUnsafeBufferPointer { p in
                for span in model.layout.spans.dropFirst(2) {
                    for r in span.range {
                        #expect(abs(p[r]) < 1e-6, "\(lib.name): \(model.layout.directions[r]) at BOS is \(p[r])")
                    }
                }
            }
        }
    }

    /// Tracr issue #24: a categorical-to-numerical map with negative outputs clips to 0 in tracr.
    @Test func negativeNumericalMapOutputsSurvive() throws {
        let model = try compile(
            "o = numerical(map(x -> {\"a\": -2, \"b\": 3, \"c\": -0.5}[x], tokens))\n",
            ["a", "b", "c"], 4)
        #expect(try model.run(["a", "b", "c"]) == [-2, 3, -0.5])
        #expect(verify(model).passed)
    }

    /// Tracr issue #25: an aggregate of an aggregate with empty selections; tracr's model decodes
    /// its zero vector as an arbitrary value, here it is None as in the program.
    @Test func emptySelectionsDecodeAsNone() throws {
        let text = """
            sel = select(indices, tokens, EQ)
            sop = aggregate(sel, indices)
            o = aggregate(sel, sop)
            """
        let model = try compile(text, [1, 2, 3, 4], 5)
        #expect(try Interpreter(model.program).run([1, 2, 3, 4]) == [2, 3, nil, nil])
        #expect(try model.run([1, 2, 3, 4]) == [2, 3, nil, nil])
        #expect(verify(model).passed)
    }

    @Test func numericalMapsDiscretizeOverTheirValueSet() throws {
        // frac_prevs, then a step function of it: thresholds between fractions closer than 1/100
        // (tracr's fixed slope) still come out exact.
        let frac = """
            is_x = numerical(tokens == "x")
            frac = numerical(aggregate(select(indices, indices, LEQ), is_x, default: 0))

            """
        for output in [
            "o = map(f -> if f > 0.5 then \"many\" else \"few\", frac)",
            "o = numerical(map(f -> f * f - 1, frac))",
        ] {
            let model = try compile(frac + output + "\n", ["a", "x"], 12)
            #expect(model.architecture.layers.last?.mlps.first?.kind == "discretizing")
            let report = verify(model, limit: 9000)
            #expect(report.passed, "\(output): \(report.summary)")
            #expect(report.maxNumericalError < 1e-4, "\(output)")
        }
    }

    @Test func savedModelsLoadBackAndAgree() throws {
        let lib = try ProgramLibrary.program(named: "dyck2")
        let model = try Compiler.compile(lib.program, vocabulary: lib.vocabulary, maxLength: 10)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rasp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("model.safetensors")
        try model.save(to: url)
        let file = try Safetensors.read(from: url)
        #expect(file.metadata["program"] == lib.source)
        #expect(file.metadata["residual_labels"]?.split(separator: "\n").count == model.residualWidth)
        #expect(file.metadata["residual_layout"]?.contains("\"label\":\"balance_1\"") == true)
        let loaded = try CompiledModel.load(from: url)
        #expect(loaded.residualWidth == model.residualWidth)
        #expect(loaded.architecture.layers.count == model.architecture.layers.count)
        for input in [["(", "{", ")", "}"], ["(", "}"], ["{", "{", "}", "}", "(", ")"]] as [[Value]] {
            #expect(try loaded.run(input) == model.run(input))
        }
        // A safetensors file that is not a compiled model is refused with a reason.
        let other = dir.appendingPathComponent("other.safetensors")
        try Safetensors.write(["w": Tensor([1, 2])], to: other)
        #expect(throws: ModelFileError.self) { try CompiledModel.load(from: other) }
    }

    @Test func inputsOutsideTheVocabularyOrTooLongAreRefused() throws {
        let model = try Compiler.compile(
            try ProgramLibrary.program(named: "reverse").program,
            vocabulary: ["a", "b"], maxLength: 3)
        #expect(throws: InputError.self) { try model.run(["a", "z"]) }
        #expect(throws: InputError.self) { try model.run(["a", "b", "a", "b"]) }
        #expect(try model.run([]) == [])
    }
}
