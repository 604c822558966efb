/// Writes a program in the text syntax: one statement per s-op in graph order, the output last.
/// Parsing the text gives back the same graph (same labels, same operations).
public enum ProgramPrinter {
    public static func text(of program: Program) -> String {
        let graph = program.graph
        var lines: [String] = []
        func ref(_ i: Int) -> String { graph.nodes[i].label }
        /// A selector as an argument: its label if it has a statement, else written out.
        func selectorText(_ i: Int) -> String {
            let node = graph.nodes[i]
            if node.selector?.name != nil { return node.label }
            return selectorBody(node)
        }
        func selectorBody(_ node: ProgramGraph.Node) -> String {
            switch node.selector!.operation {
            case .select(_, _, let p): return "select(\(ref(node.children[0])), \(ref(node.children[1])), \(p))"
            case .and: return "\(selectorText(node.children[0])) and \(selectorText(node.children[1]))"
            }
        }
        for node in graph.nodes {
            if let selector = node.selector {
                if selector.name != nil { lines.append("\(node.label) = \(selectorBody(node))") }
                continue
            }
            guard let sop = node.sop else { continue }
            var body: String
            switch sop.operation {
            case .tokens, .indices: continue
            case .map(let f, _): body = "map(\(f), \(ref(node.children[0])))"
            case .sequenceMap(let f, _, _):
                body = "sequence_map(\(f), \(ref(node.children[0])), \(ref(node.children[1])))"
            case .aggregate(_, _, let d):
                body = "aggregate(\(selectorText(node.children[0])), \(ref(node.children[1]))"
                if let d { body += ", default: \(Expr.quoted(d))" }
                body += ")"
            case .selectorWidth: body = "selector_width(\(selectorText(node.children[0])))"
            }
            if sop.encoding == .numerical { body = "numerical(\(body))" }
            lines.append("\(node.label) = \(body)")
        }
        if case .tokens = program.output.operation { lines.append("output = map(x -> x, tokens)") }
        if case .indices = program.output.operation { lines.append("output = map(x -> x, indices)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
