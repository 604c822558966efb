import ReckonSupport
import ReckonTasks
import Testing

/// Every sampled example of every catalog task must agree with the task's independent solver, at
/// every tested length, and its payloads must fit the sizes its symbols give.
@Suite struct SolverAgreementTests {
    /// The tested lengths the task accepts; pointer tasks only up to 64, since their solvers are
    /// brute force (gift wrapping is cubic in the points, Held–Karp exponential).
    static func lengths(_ t: any AlgorithmicTask) -> [Int] {
        testedLengths.filter { (try? t.validate(length: $0)) != nil && (t.level != .pointer || $0 <= 64) }
    }

    @Test(arguments: TaskCatalog.names)
    func sampledTargetsEqualSolverOutput(_ name: String) {
        let t = task(name)
        let chomsky = TaskCatalog.chomsky.contains { $0.name == name }
        var rng = RandomGenerator(seed: 7)
        #expect(!Self.lengths(t).isEmpty, "\(name) accepts none of the tested lengths")
        for length in Self.lengths(t) {
            let batch = t.sample(batchSize: 8, length: length, rng: &rng)
            #expect(batch.batchSize == 8)
            #expect(batch.inputLength == t.inputLength(forLength: length))
            #expect(batch.outputLength == t.outputLength(forInputLength: batch.inputLength))
            #expect(batch.mask.count == 8 * batch.outputLength)
            // Bound first, so a failure names the sizes rather than printing the whole batch.
            let inputFits = Self.fits(batch.input, size: t.inputSize)
            let targetFits = Self.fits(batch.target, size: t.outputSize, pointsInto: batch.inputLength)
            #expect(inputFits, "\(name) L=\(length): input width \(batch.input.width), inputSize \(t.inputSize)")
            #expect(targetFits, "\(name) L=\(length): target width \(batch.target.width), outputSize \(t.outputSize)")
            #expect(
                Self.payloadCase(of: batch.target) == (t.outputKind == .prediction ? .tokens : t.outputKind), "\(name)")
            for b in 0..<batch.batchSize {
                let solved = t.solution(for: batch.inputExample(b))
                let target = batch.targetExample(b)
                #expect(Self.agree(solved, target), "\(name) L=\(length) #\(b): \(shown(t, batch, b, solved))")
                if chomsky { #expect(batch.maskRow(b) == expectedMask(name: name, target: batch.targetRow(b))) }
            }
        }
    }

    /// Ids inside the alphabet (pointers inside the input), vectors as wide as the symbols say.
    static func fits(_ payload: Payload, size: Int, pointsInto inputLength: Int = 0) -> Bool {
        switch payload {
        case .tokens(let ids): ids.allSatisfy { $0 >= 0 && $0 < size }
        case .pointers(let ids): ids.allSatisfy { $0 >= 0 && $0 < inputLength }
        case .bitVectors(_, let width), .reals(_, let width): width == size
        }
    }

    /// The output kind whose targets come in this payload case.
    static func payloadCase(of payload: Payload) -> TaskOutputKind {
        switch payload {
        case .tokens: .tokens
        case .bitVectors: .bitVectors
        case .reals: .reals
        case .pointers: .pointers
        }
    }

    /// Equal; real values within float precision (targets are stored as Float, solvers work in Double).
    static func agree(_ solved: Payload, _ target: Payload) -> Bool {
        guard case .reals(let s, let w) = solved, case .reals(let t, let v) = target else { return solved == target }
        return w == v && s.count == t.count
            && zip(s, t).allSatisfy { Swift.abs($0 - $1) <= 1e-6 * Swift.max(1, Swift.abs($0)) }
    }

    /// The example and the solver's answer in the task's symbols.
    func shown(_ t: any AlgorithmicTask, _ batch: Batch, _ b: Int, _ solved: Payload) -> String {
        let answer = solved.words(symbols: t.outputSymbols, valueFormat: t.valueFormat, mask: batch.maskRow(b))
        return "\(t.inputText(batch, example: b).joined(separator: " ")) -> "
            + "\(t.targetText(batch, example: b).joined(separator: " ")), solver says \(answer.joined(separator: " "))"
    }

    /// The reference's `accuracy_mask`: ones through the (only) termination token for the
    /// three terminated tasks, all ones otherwise.
    func expectedMask(name: String, target: [Int]) -> [Float] {
        guard terminatedTasks.contains(name) else { return [Float](repeating: 1, count: target.count) }
        let end = target.firstIndex(of: 2)!
        #expect(target.filter { $0 == 2 }.count == 1)
        return target.indices.map { $0 <= end ? 1 : 0 }
    }

    @Test(arguments: TaskCatalog.names)
    func batchOfZeroExamplesIsEmpty(_ name: String) {
        let t = task(name)
        var rng = RandomGenerator(seed: 1)
        let batch = t.sample(batchSize: 0, length: Self.lengths(t).last ?? 1, rng: &rng)
        #expect(batch.input.count == 0 && batch.target.count == 0 && batch.mask.isEmpty)
    }
}
