import Foundation
import ReckonLab

/// `reckon extract`'s page: the automaton extracted from a recurrent machine beside the task's
/// own, the verdict (isomorphic or where they disagree), the numbers of clusters tried, and the
/// agreement with the network and with the task at every length.
public struct ExtractionPage: Sendable {
    public var result: AutomatonExtractionResult

    public init(_ result: AutomatonExtractionResult) { self.result = result }

    /// The verdict in a few lines, as `reckon extract` prints it.
    public static func summary(_ r: AutomatonExtractionResult) -> String {
        let lengths = r.lengths
        let longest = lengths.last?.length ?? 0
        let fell = r.heldOutAgreement < r.agreementThreshold
        var lines = [
            "\(r.model) on \(r.task): \(r.extracted.stateCount) states (from \(r.clusters) clusters of "
                + "\(r.statesCollected) states; held-out agreement with the network "
                + String(format: "%.4f", r.heldOutAgreement) + "); the task's automaton has \(r.reference.stateCount)",
            r.isomorphic
                ? "isomorphic to the task's automaton"
                : "not the task's automaton"
                    + (r.disagreement.map { " (they first disagree on \(describe($0)))" } ?? ""),
            String(
                format: "at lengths 1-%d: agreement with the task min %.4f, mean %.4f; "
                    + "with the network min %.4f, mean %.4f",
                longest, r.worstTaskAgreement, mean(lengths.map(\.automatonAndTask)),
                lengths.map(\.automatonAndNetwork).min() ?? 0, mean(lengths.map(\.automatonAndNetwork))),
        ]
        if fell {
            lines.insert(
                String(
                    format: "no clustering up to %d clusters reproduced the network on %.2f of the held-out strings; "
                        + "the closest is shown", r.candidates.map(\.clusters).max() ?? 0, r.agreementThreshold),
                at: 1)
        }
        let seconds = ["collect", "cluster", "lengths"].compactMap { k in
            r.seconds[k].map { String(format: "%@ %.1f s", k, $0) }
        }
        lines.append("time: " + seconds.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }

    static func mean(_ v: [Double]) -> Double { v.isEmpty ? 0 : v.reduce(0, +) / Double(v.count) }

    static func describe(_ d: AutomatonExtractionResult.Disagreement) -> String {
        let input = d.input.isEmpty ? "the empty input" : "'" + d.input.joined(separator: " ") + "'"
        return "\(input): extracted \(d.extracted ?? "no answer"), task \(d.task ?? "no answer"), "
            + "network \(d.network ?? "–")"
    }

    public func render() -> String {
        let r = result
        return Markup.page(title: "Reckon extraction: \(r.task) × \(r.model)", style: InspectionPage.style) { m in
            m.element("h1", text: "Automaton extracted from \(r.model) on \(r.task)")
            m.element(
                "p", [("class", "meta")],
                text: "Run \(r.run) at step \(r.step), trained on lengths 1–\(r.trainLength). "
                    + "\(r.samples) sampled strings gave \(r.statesCollected) states, clustered by "
                    + (r.features == "state"
                        ? "their vectors"
                        : "the network's answers from each after every probe of at most "
                            + "\(r.probeDepth ?? 0) symbols")
                    + "; \(r.heldOut) held-out strings chose the number of clusters.")
            m.element("p", [("class", "held-out-statement"), ("id", "verdict")]) { m in
                for line in Self.summary(r).split(separator: "\n").dropLast() {
                    m.add(String(line))
                    m.empty("br")
                }
            }
            m.element("div", [("class", "charts")]) { m in
                m.raw(
                    AutomatonDiagram(
                        r.extracted, symbolNames: r.inputSymbols, outputNames: r.outputSymbols,
                        title: "extracted: \(r.extracted.stateCount) states"
                    ).render())
                m.raw(
                    AutomatonDiagram(
                        r.reference, symbolNames: r.inputSymbols, outputNames: r.outputSymbols,
                        title: "\(r.task)'s own: \(r.reference.stateCount) states"
                    ).render())
            }
            if let d = r.disagreement {
                m.element("h2", text: "Where they disagree")
                m.element(
                    "p",
                    text: "The shortest input on which the two automata answer differently: " + Self.describe(d)
                        + ".")
            }
            m.element("h2", text: "Agreement at every length")
            m.raw(
                LineChart(
                    title: "extracted automaton against the network and the task",
                    xLabel: "input length", yLabel: "agreement",
                    series: [
                        .init(
                            name: "automaton = network",
                            points: r.lengths.map { (Double($0.length), $0.automatonAndNetwork) }),
                        .init(
                            name: "automaton = task",
                            points: r.lengths.map { (Double($0.length), $0.automatonAndTask) }),
                        .init(
                            name: "network = task", points: r.lengths.map { (Double($0.length), $0.networkAndTask) }
                        ),
                    ], yDomain: 0...1, shaded: (1...Double(r.trainLength), "training lengths")
                ).render())
            m.element("h2", text: "Numbers of clusters tried")
            m.element("table") { m in
                m.element("tr") { m in
                    for h in ["clusters", "states after minimization", "held-out agreement with the network"] {
                        m.element("th", text: h)
                    }
                }
                for c in r.candidates {
                    m.element("tr", c.clusters == r.clusters ? [("class", "right")] : []) { m in
                        m.element("td", text: "\(c.clusters)")
                        m.element("td", text: "\(c.states)")
                        m.element("td", text: String(format: "%.4f", c.heldOutAgreement))
                    }
                }
            }
        }
    }
}
