import Foundation
import ReckonStudy
import ReckonTasks
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The state diagram parses as XML and draws one circle per state and one labelled arrow per
/// (from, to) pair with symbols, nothing for undefined transitions.
@Suite struct AutomatonDiagramTests {
    /// Every element's name, attributes and text, in document order.
    private final class ElementReader: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String], text: String)] = []
        private var open: [Int] = []
        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            open.append(elements.count)
            elements.append((elementName, attributeDict, ""))
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let i = open.last { elements[i].text += string }
        }
        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
        ) {
            open.removeLast()
        }
    }

    /// The SVG's elements; fails the test unless it is well-formed XML.
    private func parse(_ svg: String) -> [(name: String, attributes: [String: String], text: String)] {
        let parser = XMLParser(data: Data(svg.utf8))
        let reader = ElementReader()
        parser.delegate = reader
        #expect(parser.parse(), "not well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
        return reader.elements
    }

    /// The (from, to) pairs with at least one defined transition.
    private func pairs(_ a: MooreAutomaton) -> Set<[Int]> {
        var result: Set<[Int]> = []
        for (q, row) in a.transitions.enumerated() {
            for case let r? in row { result.insert([q, r]) }
        }
        return result
    }

    private func checkShape(_ a: MooreAutomaton, _ svg: String, _ name: String) {
        let elements = parse(svg)
        #expect(elements.first?.name == "svg" && elements.first?.attributes["role"] == "img", "\(name)")
        #expect(elements.dropFirst().first?.name == "title", "\(name): the title comes first")
        #expect(elements.filter { $0.name == "circle" }.count == a.stateCount, "\(name)")
        let labels = elements.filter { $0.attributes["class"] == "edge-label" }
        let drawn = labels.map { [Int($0.attributes["data-from"]!)!, Int($0.attributes["data-to"]!)!] }
        #expect(drawn.count == Set(drawn).count, "\(name): one label per pair")
        #expect(Set(drawn) == pairs(a), "\(name)")
        #expect(elements.filter { $0.attributes["class"] == "edge" }.count == drawn.count, "\(name)")
    }

    @Test func everyRegularTaskDrawsItsStatesAndEdges() {
        for t in TaskCatalog.all.compactMap({ $0 as? any RegularTask }) {
            let a = t.automaton.minimized()
            let diagram = AutomatonDiagram(
                a, symbolNames: t.inputSymbols, outputNames: t.outputSymbols, title: "\(t.name): its own automaton")
            checkShape(a, diagram.render(), t.name)
        }
    }

    /// Parallel edges share one arrow labelled "a, b"; a self-loop is drawn; a state without answer
    /// says "–"; an undefined transition draws nothing; the title is escaped.
    @Test func parallelEdgesMergeAndUndefinedOnesVanish() {
        let a = MooreAutomaton(
            symbolCount: 3, transitions: [[1, 1, 0], [nil, nil, nil]], initial: 0, outputs: [1, nil])
        let title = #"a < b & "c's""#
        let svg = AutomatonDiagram(a, symbolNames: ["a", "b", "c"], outputNames: ["no", "yes"], title: title).render()
        checkShape(a, svg, "merged")
        let elements = parse(svg)
        let labels = elements.filter { $0.attributes["class"] == "edge-label" }.map(\.text)
        #expect(labels == ["c", "a, b"])
        let outputs = elements.filter { $0.attributes["class"] == "output" }.map(\.text)
        #expect(outputs == ["→ yes", "–"])
        #expect(elements[1].text == title)
        #expect(elements.first?.attributes["aria-label"] == title)
    }

    /// A single state, and more states than the ring holds (the grid).
    @Test func oneStateAndManyStatesDraw() {
        let one = MooreAutomaton(symbolCount: 2, transitions: [[0, nil]], initial: 0, outputs: [0])
        checkShape(one, AutomatonDiagram(one, symbolNames: ["0", "1"], outputNames: ["0"], title: "one").render(), "1")
        let n = 61
        let many = MooreAutomaton(
            symbolCount: 2, transitions: (0..<n).map { [($0 + 1) % n, ($0 + 7) % n] }, initial: 3,
            outputs: (0..<n).map { $0 % 2 == 0 ? 0 : nil })
        let svg = AutomatonDiagram(many, symbolNames: ["x", "y"], outputNames: ["even"], title: "grid").render()
        checkShape(many, svg, "grid")
    }
}
