/// A RASP program: the s-op it outputs, and the text it was parsed from, if any.
public struct Program: Sendable {
    public let output: SOp
    /// The `.rasp` source, kept verbatim (comments included) for a compiled model's metadata.
    public let source: String?

    public init(_ output: SOp, source: String? = nil) {
        self.output = output
        self.source = source
    }

    /// The program as a DAG of labelled nodes (compiler stage 1, tracr's `extract_rasp_graph`).
    public var graph: ProgramGraph { ProgramGraph(self) }

    /// The source if there is one, else the canonical text `ProgramPrinter` writes.
    public var text: String { source ?? ProgramPrinter.text(of: self) }
}

/// A program's s-ops and selectors in an order where every node comes after what it reads,
/// each with a unique label: its name, or `<kind>_<n>` (n counting per kind) for an unnamed node
/// (tracr labels unnamed expressions `<kind>_<id>` the same way).
public struct ProgramGraph: Sendable {
    /// One s-op or selector of the program.
    public struct Node: Sendable {
        public let label: String
        /// The positions in `nodes` of the s-ops and selectors it reads.
        public let children: [Int]
        public let sop: SOp?
        public let selector: Selector?

        var location: SourceLocation? { sop?.location ?? selector?.location }
    }

    public let nodes: [Node]
    /// The position of the program's output in `nodes` (the last one).
    public let output: Int
    /// `tokens` or `indices` if the program reads either as numerical, which tracr cannot compile.
    let numericalInput: String?
    private let positions: [ObjectIdentifier: Int]

    init(_ program: Program) {
        // Post-order DFS from the output, iterative so deep programs cannot overflow the stack.
        var order: [SOp.Node] = []
        var state: [ObjectIdentifier: Bool] = [:]  // false: on the stack, true: done
        var stack: [(SOp.Node, Bool)] = [(.sop(program.output), false)]
        var numericalInput: String?
        while let (node, expanded) = stack.popLast() {
            let id = node.identity
            if expanded {
                if state[id] != true {
                    state[id] = true
                    order.append(node)
                }
                continue
            }
            if state[id] != nil { continue }
            state[id] = false
            stack.append((node, true))
            let children: [SOp.Node]
            switch node {
            case .sop(let s): children = s.children
            case .selector(let s): children = s.children
            }
            for c in children.reversed() where state[c.identity] == nil { stack.append((c, false)) }
            for case .sop(let c) in children + [node] where c.encoding == .numerical {
                if case .tokens = c.operation { numericalInput = "tokens" }
                if case .indices = c.operation { numericalInput = "indices" }
            }
        }
        var positions: [ObjectIdentifier: Int] = [:]
        for (i, n) in order.enumerated() { positions[n.identity] = i }

        // Names first, so an unnamed node never takes a label a named one asks for.
        var taken: Set<String> = ["tokens", "indices"]
        var labels = [String?](repeating: nil, count: order.count)
        for (i, n) in order.enumerated() {
            switch n {
            case .sop(let s):
                if case .tokens = s.operation {
                    labels[i] = "tokens"
                    continue
                }
                if case .indices = s.operation {
                    labels[i] = "indices"
                    continue
                }
                if let name = s.name { labels[i] = Self.claim(name, &taken) }
            case .selector(let s):
                if let name = s.name { labels[i] = Self.claim(name, &taken) }
            }
        }
        // One counter per kind, so naming an s-op (as printing then parsing does) leaves the
        // labels of the other kinds as they were.
        var counters: [String: Int] = [:]
        for (i, n) in order.enumerated() where labels[i] == nil {
            let kind: String
            switch n {
            case .sop(let s): kind = s.kindName
            case .selector(let s):
                if case .and = s.operation { kind = "and" } else { kind = "select" }
            }
            var counter = counters[kind, default: 0]
            repeat { counter += 1 } while taken.contains("\(kind)_\(counter)")
            counters[kind] = counter
            labels[i] = Self.claim("\(kind)_\(counter)", &taken)
        }
        nodes = order.enumerated().map { i, n in
            let children: [SOp.Node]
            switch n {
            case .sop(let s): children = s.children
            case .selector(let s): children = s.children
            }
            var sop: SOp?
            var selector: Selector?
            switch n {
            case .sop(let s): sop = s
            case .selector(let s): selector = s
            }
            return Node(
                label: labels[i]!, children: children.map { positions[$0.identity]! }, sop: sop,
                selector: selector)
        }
        output = positions[SOp.Node.sop(program.output).identity]!
        self.numericalInput = numericalInput
        self.positions = positions
    }

    /// `name`, or `name_2`, `name_3`, … if two different nodes carry the same name.
    private static func claim(_ name: String, _ taken: inout Set<String>) -> String {
        var label = name
        var n = 1
        while taken.contains(label) {
            n += 1
            label = "\(name)_\(n)"
        }
        taken.insert(label)
        return label
    }

    /// The position of an s-op of the program.
    func index(of sop: SOp) -> Int { positions[SOp.Node.sop(sop).identity]! }

    /// The position of a selector of the program.
    func index(of selector: Selector) -> Int { positions[ObjectIdentifier(selector)]! }

    /// The position of the node labelled `label`.
    public func index(ofLabel label: String) -> Int? { nodes.firstIndex { $0.label == label } }

    /// The plain selects a selector node is the conjunction of: (keys, queries, predicate) as
    /// node positions and the predicate, in the order written.
    /// Walks the `and` tree with a stack rather than recursion; callers keep its size within
    /// `RaspLimits.selectorConjuncts` (`Compiler.check`).
    func conjuncts(_ i: Int) -> [(keys: Int, queries: Int, predicate: Predicate)] {
        var out: [(keys: Int, queries: Int, predicate: Predicate)] = []
        var pending = [i]
        while let j = pending.popLast() {
            let node = nodes[j]
            switch node.selector!.operation {
            case .select(_, _, let p): out.append((node.children[0], node.children[1], p))
            case .and: pending += [node.children[1], node.children[0]]
            }
        }
        return out
    }

    /// The selector as text: `select(keys, queries, P)` joined by `and`, by label.
    func selectorText(_ i: Int) -> String {
        conjuncts(i).map { "select(\(nodes[$0.keys].label), \(nodes[$0.queries].label), \($0.predicate))" }
            .joined(separator: " and ")
    }

    /// Positions of the s-op nodes, in graph order.
    public var sopIndices: [Int] { nodes.indices.filter { nodes[$0].sop != nil } }
}
