import Foundation
import ReckonMachines
import ReckonSupport
import ReckonTasks
import ReckonTensor

/// Runs a trained machine on a few inputs with a `MachineTrace` attached and gathers what it
/// recorded into an `Inspection` (`reckon inspect`). Each input is its own batch of one, so
/// what a sample shows (an ACT machine's steps, a looped model's iterations) is its own.
public struct MachineInspector {
    /// The inputs to inspect: typed by the user, or sampled from the task.
    public enum Inputs: Sendable {
        case typed([Int])
        case sampled(count: Int, length: Int, seed: UInt64)
    }

    /// At most this many samples on one page (each draws its own traces).
    public static let maxSamples = 64
    /// Traced numbers kept over all samples (about 40 MB of JSON): attention grows with the square
    /// of the tape and a looped model records a layer per iteration, so 64 samples at length 500 would
    /// otherwise write gigabytes. Past it a sample keeps its answers; the series that did not fit are
    /// not recorded (`MachineTrace.limit`) and the page names them.
    public static let tracedNumbers = 4_000_000

    public let run: SavedRun

    public init(run: SavedRun) { self.run = run }

    /// The token ids of a typed input: symbols separated by spaces, or one character per symbol
    /// when every symbol of the task is one character. Only token inputs can be typed, and only
    /// inputs the task's solver answers (every string for some tasks, what the automaton reads
    /// for regular ones); anything else is a one-line error.
    public static func parse(_ text: String, task: any AlgorithmicTask, maxLength: Int) throws -> [Int] {
        guard task.outputKind == .tokens else {
            throw LabError.invalidOption("task '\(task.name)' cannot be typed; inspect it with --sample N --length L")
        }
        let symbols = task.inputSymbols
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
            throw LabError.invalidOption("--input holds a control character (a line break?); give one line")
        }
        let pieces: [String] =
            trimmed.contains(" ")
            ? trimmed.split(separator: " ").map(String.init)
            : (symbols.allSatisfy { $0.count == 1 } ? trimmed.map(String.init) : [trimmed])
        guard !pieces.isEmpty, !trimmed.isEmpty else { throw LabError.invalidOption("--input is empty") }
        guard pieces.count <= maxLength else {
            throw LabError.invalidOption("--input has \(pieces.count) symbols; at most \(maxLength)")
        }
        let ids = try pieces.map { piece -> Int in
            guard let id = symbols.firstIndex(of: piece) else {
                throw LabError.invalidOption(
                    "'\(piece)' is not a symbol of \(task.name) (symbols: \(symbols.joined(separator: " ")))")
            }
            return id
        }
        if let regular = task as? any RegularTask {
            guard regular.automaton.output(for: ids) != nil else {
                throw LabError.invalidOption("'\(trimmed)' is not an input of \(task.name)")
            }
        } else if !task.acceptsEveryInput {
            throw LabError.invalidOption(
                "task '\(task.name)' takes inputs of a set shape; inspect it with --sample N --length L")
        }
        return ids
    }

    /// Runs every input through the machine and gathers the traces.
    public func inspect(_ inputs: Inputs) throws -> Inspection {
        let task = run.task
        let head = run.head
        let machine = try run.evaluationMachine()
        let batches: [Batch]
        let length: Int
        let described: String
        switch inputs {
        case .typed(let ids):
            length = ids.count
            let target = task.solution(for: .tokens(ids))
            batches = [
                Batch(
                    batchSize: 1, inputLength: ids.count, outputLength: task.outputLength(forInputLength: ids.count),
                    input: .tokens(ids), target: target)
            ]
            described = "typed input"
        case .sampled(let count, let requested, let seed):
            length = requested
            var rng = StepStreams.generator(seed: seed, .inspection, requested)
            batches = (0..<count).map { _ in task.sample(batchSize: 1, length: requested, rng: &rng) }
            described = "\(count) sample\(count == 1 ? "" : "s") at length \(requested), seed \(seed)"
        }
        var samples: [InspectedSample] = []
        var states: [[[Float]]] = []
        var kept = 0
        var omitted: [String] = []
        machine.withoutGradients {
            for (i, batch) in batches.enumerated() {
                let encoded = head.encode(batch, length: length)
                let trace = MachineTrace(limit: Swift.max(0, Self.tracedNumbers - kept))
                var context = ForwardContext(
                    // Index 1 000 000 + i: apart from the sampled inputs' streams (indexed by length).
                    training: false, rng: StepStreams.generator(seed: run.config.seed, .inspection, 1_000_000 + i),
                    taskIterations: task.iterations(forLength: length), outputsAtEachInput: task.outputsAtEachInput)
                context.trace = trace
                let logits = machine.logits(
                    input: encoded.input, outputLength: encoded.outputLength, targets: nil, context: &context)
                let sample = describe(
                    batch: batch, encoded: encoded, logits: logits, trace: trace, context: context, machine: machine)
                // The trace kept what fitted in the budget left; what it dropped is named on the page.
                kept += trace.kept
                if !trace.dropped.isEmpty {
                    omitted.append("sample \(i + 1): \(trace.dropped.joined(separator: ", "))")
                }
                samples.append(sample)
                if let hidden = sample.series.first(where: { $0.kind == .state && $0.name == TraceName.hidden }) {
                    states.append(hidden.values)
                }
            }
        }
        let width = states.first?.first?.count ?? 0
        let projection =
            states.count == samples.count && width >= 2 ? StateProjection(states: states, width: width) : nil
        let regular = task as? any RegularTask
        let summary = try? run.folder.readSummary()
        return Inspection(
            run: run.folder.url.path, task: task.name, model: run.config.model, step: run.step,
            score: summary?.score, inputs: described, samples: samples, projection: projection,
            trueStateNames: regular.map { r in (0..<r.automaton.stateCount).map { "q\($0)" } }, omitted: omitted)
    }

    private func describe(
        batch: Batch, encoded: EncodedBatch, logits: Tensor, trace: MachineTrace, context: ForwardContext,
        machine: any Machine
    ) -> InspectedSample {
        let task = run.task
        let prediction = run.head.prediction(logits: logits, batch: encoded)
        let n = batch.inputLength
        let mult = machine.computationStepsMultiplier
        let tape: [String]
        let answerStart: Int
        let input = symbols(batch.input, names: task.inputSymbols)
        if task.outputsAtEachInput {
            tape = input
            answerStart = 0
        } else {
            tape =
                input + [String](repeating: "·", count: mult * n) + [String](repeating: "?", count: batch.outputLength)
            answerStart = n * (1 + mult)
        }
        var trueStates: [Int?]?
        if let regular = task as? any RegularTask, case .tokens(let ids) = batch.input {
            let a = regular.automaton
            // One transition per step, from the state after the step before.
            var q: Int? = a.initial
            trueStates = (0..<tape.count).map { t in
                guard t < n else { return nil }
                q = q.flatMap { a.transitions[$0][ids[t]] }
                return q
            }
        }
        return InspectedSample(
            input: input, target: symbols(batch.target, names: task.outputSymbols),
            prediction: symbols(prediction, names: task.outputSymbols),
            confidence: confidence(logits, prediction: prediction), tape: tape, answerStart: answerStart,
            trueStates: trueStates, stepsUsed: context.meanStepsUsed,
            scored: (0..<batch.outputLength).map { j in batch.mask.indices.contains(j) ? batch.mask[j] != 0 : true },
            series: trace.series.map { series in
                if series.kind == .attention {
                    let p = series.values[0]
                    let (heads, q, k) = (p.shape[1], p.shape[2], p.shape[3])
                    let all = p.scalars
                    return TracedSeries(
                        name: series.name, kind: .attention, labels: (0..<heads).map { "head \($0 + 1)" },
                        firstStep: 0,
                        values: (0..<heads).map { h in Array(all[(h * q * k)..<((h + 1) * q * k)]) }, size: [q, k])
                }
                return TracedSeries(
                    name: series.name, kind: series.kind, labels: series.labels, firstStep: series.firstStep,
                    values: series.steps(ofItem: 0), size: nil)
            })
    }

    /// One example's payload in the task's own words (`Payload.words`, as `reckon sample` writes
    /// them), every position kept so the answer lines up with the tape.
    private func symbols(_ payload: Payload, names: [String]) -> [String] {
        payload.words(
            symbols: names, valueFormat: run.task.valueFormat,
            mask: [Float](repeating: 1, count: payload.count / payload.width))
    }

    /// The softmax probability of each predicted class (tokens, pointers); for bit vectors the
    /// mean over bits of the probability of the predicted bit; nil for real values.
    private func confidence(_ logits: Tensor, prediction: Payload) -> [Double?] {
        let width = logits.shape[logits.rank - 1]
        let rows = logits.count / width
        switch prediction {
        case .tokens(let ids), .pointers(let ids):
            let p = logits.reshaped([rows, width]).softmax(axis: -1).scalars
            return ids.enumerated().map { r, id in id < width ? Double(p[r * width + id]) : nil }
        case .bitVectors:
            let p = logits.sigmoid().scalars
            return (0..<rows).map { r in
                let bits = p[(r * width)..<((r + 1) * width)]
                return bits.reduce(0.0) { $0 + Double(Swift.max($1, 1 - $1)) } / Double(width)
            }
        case .reals(let values, _): return [Double?](repeating: nil, count: values.count / Swift.max(1, width))
        }
    }
}
