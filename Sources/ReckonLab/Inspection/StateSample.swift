import Foundation
import ReckonMachines
import ReckonSupport
import ReckonTasks
import ReckonTensor

/// A recurrent machine's states after every prefix of sampled strings, with the class it answers
/// at each prefix: the raw material of automaton extraction. Rows are prefixes; a row's
/// successor is the same string one symbol further.
struct StateSample {
    /// [rows, stateWidth].
    let states: Tensor
    /// The row one symbol further along the same string, and that symbol; -1 at a string's end.
    let successor: [Int]
    let symbol: [Int]
    /// The network's class at each prefix (its answer if the input ended there).
    let answer: [Int]
    /// Whether the prefix is an input the task answers (the empty prefix, or an expression ending
    /// in an operator, is not).
    let complete: [Bool]
    /// The task automaton's state after each prefix (nil once the prefix left the task's inputs).
    let taskState: [Int?]
    /// The row of the empty prefix of the first string (every string starts from the same state).
    let initialRow: Int
    /// Each string and the row of its whole.
    let strings: [[Int]]
    let finalRows: [Int]

    var rows: Int { answer.count }

    /// Reads `count` strings, as many at each length 1...maxLength the task can produce, one symbol
    /// at a time. Every draw comes from (seed, `stream`, length): `AutomatonExtraction.Stream.strings`.
    static func collect(
        _ machine: any RecurrentStepping, task: any RegularTask, count: Int, maxLength: Int, seed: UInt64, stream: Int
    ) -> StateSample {
        let lengths = (1...maxLength).filter { TaskBridge.isValid(task, length: $0) }
        let width = machine.stateWidth
        let tapeWidth = Readout.tapeWidth(inputSize: task.inputSize, computationStepsMultiplier: 0)
        // The answer blank of the reference's readout: the token after the input's symbols.
        let blankRow = oneHot([task.inputSize], idShape: [1], depth: tapeWidth)
        let automaton = task.automaton
        var values: [Float] = []
        var successor: [Int] = []
        var symbol: [Int] = []
        var answer: [Int] = []
        var complete: [Bool] = []
        var taskState: [Int?] = []
        var strings: [[Int]] = []
        var finalRows: [Int] = []
        for (g, length) in lengths.enumerated() {
            let size = count / lengths.count + (g < count % lengths.count ? 1 : 0)
            guard size > 0 else { continue }
            var rng = StepStreams.generator(
                seed: seed, .extraction, AutomatonExtraction.Stream.strings(set: stream, length: length))
            let batch = task.sample(batchSize: size, length: length, rng: &rng)
            let n = batch.inputLength
            let ids = batch.input.ids
            let group = (0..<size).map { b in Array(ids[(b * n)..<((b + 1) * n)]) }
            let first = answer.count
            var state = machine.initialState(batch: size)
            var read = [Int?](repeating: automaton.initial, count: size)
            let blank = blankRow.broadcast(to: [size, tapeWidth])
            for t in 0...n {
                if t > 0 {
                    let x = oneHot(group.map { $0[t - 1] }, idShape: [size], depth: tapeWidth)
                    state = machine.next(state, reading: x)
                    read = (0..<size).map { b in read[b].flatMap { automaton.transitions[$0][group[b][t - 1]] } }
                }
                values += state.scalars
                let answers = machine.emission(machine.next(state, reading: blank)).argmaxLastAxis()
                for b in 0..<size {
                    answer.append(answers[b])
                    // The empty input is no input of the task's (lengths start at 1): the network's
                    // answer before reading anything is not asked, whatever the automaton says of it.
                    complete.append(t > 0 && read[b].flatMap { automaton.outputs[$0] } != nil)
                    taskState.append(read[b])
                    successor.append(t < n ? first + (t + 1) * size + b : -1)
                    symbol.append(t < n ? group[b][t] : -1)
                }
            }
            for b in 0..<size { finalRows.append(first + n * size + b) }
            strings += group
        }
        return StateSample(
            states: Tensor(values, shape: [answer.count, width]), successor: successor, symbol: symbol,
            answer: answer, complete: complete, taskState: taskState, initialRow: 0, strings: strings,
            finalRows: finalRows)
    }

    /// Each state described by what the network does from it, Myhill–Nerode's view of a state: the
    /// class probabilities it answers after each probe, every string of at most `depth` of the symbols
    /// the sample reads (the empty one first), where the probe completes an input of the task (zeros
    /// where it does not: an expression ending in an operator). States of one automaton state answer
    /// every probe alike, so they fall together whatever else their vectors hold; clustered raw, the
    /// states of rnns that fit cycle_navigation's training lengths split by drift instead (held-out
    /// agreement 0.23–0.47 at up to 32 clusters, docs/results/inspection.md).
    func behaviour(
        _ machine: any RecurrentStepping, automaton: MooreAutomaton, inputSize: Int, depth: Int
    ) -> Tensor {
        let symbols = Array(Set(symbol.filter { $0 >= 0 })).sorted()
        let tapeWidth = Readout.tapeWidth(inputSize: inputSize, computationStepsMultiplier: 0)
        let probes = (0...depth).reduce(0) { total, d in total + Int(pow(Double(symbols.count), Double(d))) }
        var classes = 0
        var out: [Float] = []
        let chunk = 4096
        for start in stride(from: 0, to: rows, by: chunk) {
            let range = start..<Swift.min(rows, start + chunk)
            let n = range.count
            let width = states.shape[1]
            var columns: [[Float]] = []
            // Breadth-first over the probes: each node is (the states after the probe, the task's states).
            var frontier: [(Tensor, [Int?])] = [
                (
                    states.slice(axis: 0, range.lowerBound..<range.upperBound).reshaped([n, width]),
                    Array(taskState[range])
                )
            ]
            for d in 0...depth {
                var next: [(Tensor, [Int?])] = []
                for (s, task) in frontier {
                    let blank = oneHot([Int](repeating: inputSize, count: n), idShape: [n], depth: tapeWidth)
                    let p = machine.emission(machine.next(s, reading: blank)).softmax(axis: -1)
                    classes = p.shape[1]
                    let probabilities = p.scalars
                    var block = [Float](repeating: 0, count: n * classes)
                    for r in 0..<n where task[r].flatMap({ automaton.outputs[$0] }) != nil {
                        for c in 0..<classes { block[r * classes + c] = probabilities[r * classes + c] }
                    }
                    columns.append(block)
                    guard d < depth else { continue }
                    for a in symbols {
                        let x = oneHot([Int](repeating: a, count: n), idShape: [n], depth: tapeWidth)
                        next.append(
                            (machine.next(s, reading: x), task.map { $0.flatMap { automaton.transitions[$0][a] } }))
                    }
                }
                frontier = next
            }
            precondition(columns.count == probes, "one column block per probe")
            for r in 0..<n {
                for block in columns { out += block[(r * classes)..<((r + 1) * classes)] }
            }
        }
        return Tensor(out, shape: [rows, probes * classes])
    }

    /// At most `limit` rows drawn without replacement from `rng` (all of them when there are fewer).
    static func subset(_ points: Tensor, _ limit: Int, rng: inout RandomGenerator) -> Tensor {
        let rows = points.shape[0]
        guard rows > limit else { return points }
        var order = Array(0..<rows)
        rng.shuffle(&order)
        return KMeans.rows(points.scalars, Array(order.prefix(limit)).sorted(), width: points.shape[1])
    }

    /// The automaton of a clustering: cluster c's transition on a symbol is the cluster most of its
    /// rows' successors on that symbol fall in (the lowest on ties); its output the class most of its
    /// complete rows answer, nil when none is complete. A symbol no row read there has no transition.
    func automaton(clusters: [Int], count k: Int, symbols: Int) -> MooreAutomaton {
        var moves = [Int](repeating: 0, count: k * symbols * k)
        let classes = (answer.max() ?? 0) + 1
        var votes = [Int](repeating: 0, count: k * classes)
        for r in 0..<rows {
            let c = clusters[r]
            if successor[r] >= 0 { moves[(c * symbols + symbol[r]) * k + clusters[successor[r]]] += 1 }
            if complete[r] { votes[c * classes + answer[r]] += 1 }
        }
        func winner(_ counts: ArraySlice<Int>) -> Int? {
            var best: Int?
            for (i, n) in counts.enumerated() where n > 0 && (best == nil || n > counts[counts.startIndex + best!]) {
                best = i
            }
            return best
        }
        let transitions = (0..<k).map { c in
            (0..<symbols).map { a in winner(moves[((c * symbols + a) * k)..<((c * symbols + a + 1) * k)]) }
        }
        let outputs = (0..<k).map { c in winner(votes[(c * classes)..<((c + 1) * classes)]) }
        return MooreAutomaton(
            symbolCount: symbols, transitions: transitions, initial: clusters[initialRow], outputs: outputs)
    }

    /// The share of strings on which `automaton` answers what the network answered.
    func agreement(of automaton: MooreAutomaton) -> Double {
        guard !strings.isEmpty else { return 0 }
        var agree = 0
        for (string, row) in zip(strings, finalRows) where automaton.output(for: string) == answer[row] { agree += 1 }
        return Double(agree) / Double(strings.count)
    }
}
