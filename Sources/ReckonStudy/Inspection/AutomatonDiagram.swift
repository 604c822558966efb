import Foundation
import ReckonTasks

/// The state diagram of a `MooreAutomaton` as inline SVG: states as circles (name, and the output
/// class they answer), an arrow into the initial state, one curved arrow per (from, to) pair
/// labelled with its symbols, self-loops as small loops, undefined transitions not drawn.
///
/// Up to 40 states sit on a circle in their numbering's order (a `minimized()` automaton's
/// numbering is canonical: breadth-first from the initial state, which is drawn at the top);
/// more go on a grid. Edges bend to their left, so a → b and b → a take opposite sides.
public struct AutomatonDiagram: Sendable {
    public var automaton: MooreAutomaton
    /// Names of the input symbols (a task's `inputSymbols`), one per symbol.
    public var symbolNames: [String]
    /// Names of the output classes (a task's `outputSymbols`), one per class.
    public var outputNames: [String]
    public var title: String

    /// Above this many states the circle's arcs grow unreadably long, so states go on a grid.
    static let ringLimit = 40
    static let stateRadius = 24.0

    public init(_ automaton: MooreAutomaton, symbolNames: [String], outputNames: [String], title: String) {
        precondition(symbolNames.count == automaton.symbolCount, "one name per input symbol")
        precondition(
            automaton.outputs.allSatisfy { $0 == nil || outputNames.indices.contains($0!) },
            "one name per output class")
        self.automaton = automaton
        self.symbolNames = symbolNames
        self.outputNames = outputNames
        self.title = title
    }

    /// A point or direction in SVG coordinates (y down).
    struct Point {
        var x: Double
        var y: Double
        static func + (a: Point, b: Point) -> Point { Point(x: a.x + b.x, y: a.y + b.y) }
        static func - (a: Point, b: Point) -> Point { Point(x: a.x - b.x, y: a.y - b.y) }
        static func * (a: Point, s: Double) -> Point { Point(x: a.x * s, y: a.y * s) }
        var length: Double { (x * x + y * y).squareRoot() }
        var unit: Point { length > 0 ? self * (1 / length) : Point(x: 0, y: -1) }
        /// Turned by `angle` radians (clockwise on screen, y pointing down).
        func rotated(_ angle: Double) -> Point {
            Point(x: x * cos(angle) - y * sin(angle), y: x * sin(angle) + y * cos(angle))
        }
        var text: String { "\(svg(x)) \(svg(y))" }
    }

    /// One arrow: the states it joins and its symbols' names, in increasing symbol order.
    struct Edge {
        var from: Int
        var to: Int
        var label: String
    }

    /// The (from, to) pairs with at least one defined transition, in order.
    var edges: [Edge] {
        var result: [Edge] = []
        for (q, row) in automaton.transitions.enumerated() {
            var symbols: [Int: [String]] = [:]
            for (a, target) in row.enumerated() {
                if let r = target { symbols[r, default: []].append(symbolNames[a]) }
            }
            for r in symbols.keys.sorted() {
                result.append(Edge(from: q, to: r, label: symbols[r]!.joined(separator: ", ")))
            }
        }
        return result
    }

    /// Centers and outward directions (where loops and the initial arrow go), before the margin.
    func layout() -> (centers: [Point], outward: [Point]) {
        let n = automaton.stateCount
        let up = Point(x: 0, y: -1)
        if n <= Self.ringLimit {
            guard n > 1 else { return ([Point(x: 0, y: 0)], [up]) }
            // Room for a state and a label between neighbours along the ring.
            let ring = Swift.max(70 + 14 * Double(n), Double(n) * (2 * Self.stateRadius + 44) / (2 * Double.pi))
            let directions = (0..<n).map { i in up.rotated(2 * Double.pi * Double(i) / Double(n)) }
            return (directions.map { $0 * ring }, directions)
        }
        let columns = Int(Double(n).squareRoot().rounded(.up))
        let spacing = 120.0
        let centers = (0..<n).map { i in Point(x: Double(i % columns) * spacing, y: Double(i / columns) * spacing) }
        return (centers, [Point](repeating: up, count: n))
    }

    public func render() -> String {
        let r = Self.stateRadius
        var (centers, outward) = layout()
        let margin = r + 64
        let top = 30.0
        let minX = centers.map(\.x).min()!
        let minY = centers.map(\.y).min()!
        centers = centers.map { Point(x: $0.x - minX + margin, y: $0.y - minY + margin + top) }
        let width = Swift.max(centers.map(\.x).max()! + margin, 260)
        let height = centers.map(\.y).max()! + margin
        let edges = edges
        var m = Markup()
        m.element(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(svg(width)) \(svg(height))"),
                ("width", svg(width)), ("height", svg(height)), ("role", "img"), ("aria-label", title),
                ("class", "automaton"), ("font-family", "sans-serif"), ("font-size", "12"),
            ]
        ) { m in
            m.element("title", text: title)
            m.element("text", [("x", "8"), ("y", "20"), ("font-size", "14"), ("class", "caption")], text: title)
            var labels: [(Edge, Point)] = []
            for edge in edges {
                let at = arrow(&m, edge, centers: centers, outward: outward)
                labels.append((edge, at))
            }
            initialArrow(&m, center: centers[automaton.initial], outward: outward[automaton.initial])
            for q in 0..<automaton.stateCount { state(&m, q, center: centers[q]) }
            // Labels last, over every line, each on a white halo.
            m.element("g", [("class", "edge-labels")]) { m in
                for (edge, at) in labels {
                    m.element(
                        "text",
                        [
                            ("class", "edge-label"), ("data-from", "\(edge.from)"), ("data-to", "\(edge.to)"),
                            ("x", svg(at.x)), ("y", svg(at.y)), ("text-anchor", "middle"),
                            ("dominant-baseline", "central"), ("fill", "#222222"), ("stroke", "#ffffff"),
                            ("stroke-width", "3"), ("paint-order", "stroke"),
                        ], text: edge.label)
                }
            }
        }
        return m.text
    }

    /// One state: its circle, its name, and what it answers ("→ 1", or "–" for none).
    private func state(_ m: inout Markup, _ q: Int, center c: Point) {
        let output = automaton.outputs[q].map { outputNames[$0] }
        m.element("g", [("class", "state"), ("data-state", "\(q)")]) { m in
            let role = q == automaton.initial ? " (initial)" : ""
            m.element("title", text: "q\(q)\(role): " + (output.map { "answers \($0)" } ?? "no answer"))
            m.empty(
                "circle",
                [
                    ("cx", svg(c.x)), ("cy", svg(c.y)), ("r", svg(Self.stateRadius)),
                    ("fill", output == nil ? "#eeeeee" : "#ffffff"), ("stroke", "#333333"),
                    ("stroke-width", q == automaton.initial ? "2.5" : "1.5"),
                ])
            m.element(
                "text", [("x", svg(c.x)), ("y", svg(c.y - 3)), ("text-anchor", "middle"), ("font-weight", "bold")],
                text: "q\(q)")
            m.element(
                "text",
                [("x", svg(c.x)), ("y", svg(c.y + 12)), ("text-anchor", "middle"), ("class", "output")],
                text: output.map { "→ \($0)" } ?? "–")
        }
    }

    /// The arrow of one edge (a loop when it returns to its state); returns where its label goes.
    private func arrow(_ m: inout Markup, _ edge: Edge, centers: [Point], outward: [Point]) -> Point {
        let r = Self.stateRadius
        let a = centers[edge.from]
        let path: String
        let tip: Point
        let toward: Point
        let label: Point
        if edge.from == edge.to {
            let u = outward[edge.from]
            let start = a + u.rotated(-0.5) * r
            let c1 = a + u.rotated(-0.6) * (r + 46)
            let c2 = a + u.rotated(0.6) * (r + 46)
            tip = a + u.rotated(0.5) * r
            toward = c2
            path = "M \(start.text) C \(c1.text) \(c2.text) \(tip.text)"
            // Just beyond the loop's apex, its cubic's midpoint.
            label = (start + tip) * 0.125 + (c1 + c2) * 0.375 + u * 10
        } else {
            let b = centers[edge.to]
            let d = b - a
            // Bent to the left of a → b, so b → a bends the other way.
            let control = (a + b) * 0.5 + Point(x: d.y, y: -d.x).unit * (0.15 * d.length + 10)
            let start = a + (control - a).unit * r
            tip = b + (control - b).unit * r
            toward = control
            path = "M \(start.text) Q \(control.text) \(tip.text)"
            // Nearer the source than the middle: chords through the ring's center cross there.
            let t = 0.4
            label = start * ((1 - t) * (1 - t)) + control * (2 * t * (1 - t)) + tip * (t * t)
        }
        m.element("g", [("class", "edge"), ("data-from", "\(edge.from)"), ("data-to", "\(edge.to)")]) { m in
            m.element("title", text: "q\(edge.from) → q\(edge.to) on \(edge.label)")
            m.empty("path", [("d", path), ("fill", "none"), ("stroke", "#555555"), ("stroke-width", "1.4")])
            arrowhead(&m, tip: tip, from: toward)
        }
        return label
    }

    /// The arrow into the initial state, from outside the ring beside where its loop would go.
    private func initialArrow(_ m: inout Markup, center: Point, outward: Point) {
        let v = outward.rotated(-1.1)
        let tip = center + v * Self.stateRadius
        let tail = center + v * (Self.stateRadius + 36)
        m.element("g", [("class", "initial")]) { m in
            m.element("title", text: "start")
            m.empty(
                "line",
                [
                    ("x1", svg(tail.x)), ("y1", svg(tail.y)), ("x2", svg(tip.x)), ("y2", svg(tip.y)),
                    ("stroke", "#000000"), ("stroke-width", "1.6"),
                ])
            arrowhead(&m, tip: tip, from: tail, fill: "#000000")
        }
    }

    /// A filled triangle at `tip`, pointing away from `from`.
    private func arrowhead(_ m: inout Markup, tip: Point, from: Point, fill: String = "#555555") {
        let d = (tip - from).unit
        let side = Point(x: -d.y, y: d.x)
        let back = tip - d * 9
        let points = [tip, back + side * 4.5, back - side * 4.5].map { "\(svg($0.x)),\(svg($0.y))" }
        m.empty("polygon", [("points", points.joined(separator: " ")), ("fill", fill)])
    }
}
