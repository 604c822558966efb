import Foundation
import ReckonNN
import ReckonSupport
import ReckonTensor
import Testing

/// The README's "Using the engine" example, line for line, so that the README cannot drift from the API.
@Suite struct ReadmeExampleTests {
    final class MLP: Module {
        let hidden: Linear, out: Linear
        init(rng: inout RandomGenerator) {
            hidden = Linear(2, 8, rng: &rng); out = Linear(8, 1, rng: &rng)
            super.init()
        }
        func callAsFunction(_ x: Tensor) -> Tensor { out(hidden(x).tanh()) }
    }

    @Test func theExampleLearnsXOR() {
        var rng = RandomGenerator(seed: 0)
        let model = MLP(rng: &rng)
        let optimizer = Adam(learningRate: 0.05)
        let x = Tensor([0, 0, 0, 1, 1, 0, 1, 1], shape: [4, 2])
        let y = Tensor([0, 1, 1, 0], shape: [4, 1])
        for _ in 0..<300 {
            let loss = binaryCrossEntropyWithLogits(logits: model(x), targets: y)
            let grads = model.gradients(of: loss)   // reverse mode, keyed by parameter name
            optimizer.update(model, gradients: grads)
        }
        let p = model(x).sigmoid().scalars
        #expect(p[0] < 0.1 && p[1] > 0.9 && p[2] > 0.9 && p[3] < 0.1, "\(p)")
    }

    /// The README's code block is this test's body (less indentation and the final assertion).
    @Test func theReadmeShowsThisCode() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let test = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let squeeze = { (s: Substring) in s.trimmingCharacters(in: .whitespaces) }
        let readmeLines = Set(text.split(separator: "\n").map(squeeze))
        let bodyStart = try #require(test.range(of: "var rng = RandomGenerator(seed: 0)"))
        let bodyEnd = try #require(test.range(of: "let p = model(x)"))
        let body = test[bodyStart.lowerBound..<bodyEnd.lowerBound].split(separator: "\n").map(squeeze)
        let missing = body.filter { !$0.isEmpty && !readmeLines.contains($0) }
        #expect(missing.isEmpty, "README lacks: \(missing)")
        #expect(text.contains("final class MLP: Module"))
    }
}
