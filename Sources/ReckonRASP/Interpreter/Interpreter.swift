/// Evaluates a RASP program on an input sequence with the semantics of tracr's `rasp.py`
/// evaluator (`DefaultRASPEvaluator`):
///
/// - `map` and `sequence_map` give None wherever an argument is None (the function is not called);
/// - a selector compares every (key, query) pair; a None key or query is an error ("key is None!");
/// - `aggregate` takes, per query, the selected values: none gives the default (None unless given),
///   one gives that value (None included), several numbers give their mean, and several values
///   of which any is not a number are an error (tracr's `_mean`, even when they are all equal);
/// - `selector_width` counts the selected keys;
/// - a selector `and` selects what both select (tracr's `SelectorAnd`).
///
/// Encodings do not change evaluation, exactly as in tracr.
public struct Interpreter {
    public let program: Program
    public let graph: ProgramGraph
    /// The longest input the interpreter takes for this program: at most `RaspLimits.maxLength`
    /// tokens, and n² times the number of selects, selector `and`s, aggregates and selector widths
    /// (each compares or scans every pair of positions) at most `RaspLimits.interpreterCells`.
    public let longestInput: Int

    public init(_ program: Program) {
        self.program = program
        graph = program.graph
        let quadratic = graph.nodes.filter { node in
            if node.selector != nil { return true }
            switch node.sop!.operation {
            case .aggregate, .selectorWidth: return true
            default: return false
            }
        }.count
        var n = RaspLimits.maxLength
        while n > 0 && n * n * quadratic > RaspLimits.interpreterCells { n -= 1 }
        longestInput = n
    }

    /// The program's output on `input`.
    public func run(_ input: [Value]) throws -> [Value?] {
        try trace(input).values[graph.output]
    }

    /// Every node's value on `input`.
    public struct Trace: Sendable {
        /// Per node of the graph (same order): an s-op's values; empty for a selector.
        public let values: [[Value?]]
        /// Per node: a selector's matrix [query][key]; empty for an s-op.
        public let selections: [[[Bool]]]
    }

    /// Every s-op's values and every selector's matrix on `input`.
    public func trace(_ input: [Value]) throws -> Trace {
        let n = input.count
        guard n <= longestInput else { throw InputError.tooLongToInterpret(n, maxLength: longestInput) }
        var values = [[Value?]](repeating: [], count: graph.nodes.count)
        var selections = [[[Bool]]](repeating: [], count: graph.nodes.count)
        for (i, node) in graph.nodes.enumerated() {
            func fail(_ position: Int, _ reason: String) -> EvaluationError {
                EvaluationError(label: node.label, location: node.location, position: position, reason: reason)
            }
            if let selector = node.selector {
                switch selector.operation {
                case .and:
                    let a = selections[node.children[0]]
                    let b = selections[node.children[1]]
                    selections[i] = zip(a, b).map { ra, rb in zip(ra, rb).map { $0 && $1 } }
                case .select(_, _, let predicate):
                    let keys = values[node.children[0]]
                    let queries = values[node.children[1]]
                    var matrix = [[Bool]](repeating: [Bool](repeating: false, count: n), count: n)
                    for q in 0..<n {
                        guard let query = queries[q] else { throw fail(q, "query is None") }
                        for k in 0..<n {
                            guard let key = keys[k] else { throw fail(q, "key is None (at key position \(k))") }
                            do { matrix[q][k] = try predicate.holds(key: key, query: query) } catch {
                                throw fail(q, "\(error) (key \(Expr.quoted(key)) at \(k), query \(Expr.quoted(query)))")
                            }
                        }
                    }
                    selections[i] = matrix
                }
                continue
            }
            let sop = node.sop!
            switch sop.operation {
            case .tokens:
                values[i] = input
            case .indices:
                values[i] = (0..<n).map { .number(Double($0)) }
            case .map(let f, _):
                let xs = values[node.children[0]]
                values[i] = try (0..<n).map { p in
                    guard let x = xs[p] else { return nil }
                    do { return try f.apply([x]) } catch { throw fail(p, "\(error) (on \(Expr.quoted(x)))") }
                }
            case .sequenceMap(let f, _, _):
                let xs = values[node.children[0]]
                let ys = values[node.children[1]]
                values[i] = try (0..<n).map { p in
                    guard let x = xs[p], let y = ys[p] else { return nil }
                    do { return try f.apply([x, y]) } catch {
                        throw fail(p, "\(error) (on \(Expr.quoted(x)), \(Expr.quoted(y)))")
                    }
                }
            case .aggregate(_, _, let defaultValue):
                let matrix = selections[node.children[0]]
                let xs = values[node.children[1]]
                values[i] = try (0..<n).map { q in
                    let selected = (0..<n).filter { matrix[q][$0] }.map { xs[$0] }
                    if selected.isEmpty { return defaultValue }
                    if selected.count == 1 { return selected[0] }
                    var sum = 0.0
                    for v in selected {
                        guard case .number(let d)? = v else {
                            let shown = selected.map(\.text).joined(separator: ", ")
                            throw fail(q, "cannot average the selected values [\(shown)]: only numbers average")
                        }
                        sum += d
                    }
                    return .number(sum / Double(selected.count))
                }
            case .selectorWidth:
                let matrix = selections[node.children[0]]
                values[i] = matrix.map { row in .number(Double(row.lazy.filter { $0 }.count)) }
            }
        }
        return Trace(values: values, selections: selections)
    }
}
