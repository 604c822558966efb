import Foundation
import ReckonMachines
import ReckonTasks
import Testing

@testable import ReckonLab
@testable import ReckonStudy

#if canImport(FoundationXML)
import FoundationXML
#endif

/// `reckon inspect`'s and `reckon extract`'s pages, rendered from values built by hand (no training):
/// well-formed XML, every section the data calls for, legible heatmap labels, escaped text.
@Suite struct InspectionPageTests {
    // MARK: Fixtures

    /// One reverse_string-like sample of a stack machine over tape `input + ?…?`: its hidden states,
    /// stack actions (push 0.75 while reading, pop 0.75 while answering), stack top cells, ponder
    /// steps and one attention layer of two heads.
    static func stackSample(_ input: [String], wrongAt: Int? = nil, trueStates: Bool = true) -> InspectedSample {
        let n = input.count
        let target = Array(input.reversed())
        var prediction = target
        if let j = wrongAt { prediction[j] = prediction[j] == "0" ? "1" : "0" }
        let tape = input + [String](repeating: "?", count: n)
        let steps = tape.count
        let hidden: [[Float]] = (0..<steps).map { t -> [Float] in
            let x = Float(t)
            return [x, Float(t % 2), x * x / 10]
        }
        let actions = (0..<steps).map { t -> [Float] in t < n ? [0.75, 0.125, 0.125] : [0.125, 0.75, 0.125] }
        let cells: [[Float]] = (0..<steps).map { t -> [Float] in
            let x = Float(t)
            return [x - 3, (2 - x) / 2]
        }
        let ponder: [[Float]] = (0..<steps).map { t -> [Float] in [Float(1 + t % 3)] }
        // Head 1 on the anti-diagonal, head 2 everywhere else.
        let heads: [[Float]] = (0..<2).map { h -> [Float] in
            (0..<(steps * steps)).map { i -> Float in
                let onDiagonal = i % steps == steps - 1 - i / steps
                return onDiagonal == (h == 0) ? 1 : 0
            }
        }
        let confidence: [Double?] = (0..<n).map { j -> Double? in 0.5 + Double(j) / Double(2 * n) }
        // Parity's state after each input step.
        let parity: [Int?] = (0..<steps).map { t -> Int? in t < n ? input[0...t].filter { $0 == "1" }.count % 2 : nil }
        return InspectedSample(
            input: input, target: target, prediction: prediction, confidence: confidence, tape: tape, answerStart: n,
            trueStates: trueStates ? parity : nil,
            stepsUsed: 2.5, scored: [Bool](repeating: true, count: n),
            series: [
                TracedSeries(name: TraceName.hidden, kind: .state, labels: [], firstStep: 0, values: hidden),
                TracedSeries(
                    name: TraceName.stackActions, kind: .weights, labels: ["push", "pop", "no-op"], firstStep: 0,
                    values: actions),
                TracedSeries(
                    name: TraceName.stackTop, kind: .values, labels: ["cell 1", "cell 2"], firstStep: 1,
                    values: Array(cells.dropFirst())),
                TracedSeries(name: TraceName.ponder, kind: .count, labels: [], firstStep: 0, values: ponder),
                TracedSeries(
                    name: TraceName.attention(layer: 0), kind: .attention, labels: ["head 1", "head 2"],
                    firstStep: 0, values: heads, size: [steps, steps]),
            ])
    }

    static func inspection(
        task: String = "reverse_string", samples: [InspectedSample], projected: Bool = true
    ) -> Inspection {
        let states = samples.map { $0.series[0].values }
        return Inspection(
            run: "/runs/stack", task: task, model: "stack_rnn", step: 1000, score: 0.875,
            inputs: "\(samples.count) samples at length 4, seed 0", samples: samples,
            projection: projected ? StateProjection(states: states, width: 3) : nil, trueStateNames: ["q0", "q1"])
    }

    static let parity = MooreAutomaton(symbolCount: 2, transitions: [[0, 1], [1, 0]], initial: 0, outputs: [0, 1])

    /// A parity_check extraction: isomorphic (the extracted automaton is the task's) or not (one
    /// state that always answers 0, first wrong on "1").
    static func extraction(isomorphic: Bool, inputSymbols: [String] = ["0", "1"]) -> AutomatonExtractionResult {
        let extracted =
            isomorphic ? parity : MooreAutomaton(symbolCount: 2, transitions: [[0, 0]], initial: 0, outputs: [0])
        return AutomatonExtractionResult(
            run: "/runs/rnn", task: "parity_check", model: "rnn", step: 2000, trainLength: 6, samples: 200,
            heldOut: 50, statesCollected: 900, agreementThreshold: 0.99, features: "behaviour", probeDepth: 2,
            clusters: isomorphic ? 2 : 3,
            heldOutAgreement: isomorphic ? 1 : 0.62,
            candidates: [
                .init(clusters: 1, states: 1, heldOutAgreement: 0.5),
                .init(clusters: 2, states: 2, heldOutAgreement: isomorphic ? 1 : 0.58),
            ] + (isomorphic ? [] : [.init(clusters: 3, states: 1, heldOutAgreement: 0.62)]),
            extracted: extracted, reference: parity, isomorphic: isomorphic,
            disagreement: isomorphic ? nil : .init(input: [inputSymbols[1]], extracted: "0", task: "1", network: "1"),
            lengths: (1...12).map { l in
                .init(
                    length: l, samples: 4, automatonAndNetwork: isomorphic ? 1 : 0.5,
                    automatonAndTask: isomorphic ? 1 : 0.5, networkAndTask: l <= 6 ? 1 : 0.75)
            },
            inputSymbols: inputSymbols, outputSymbols: ["0", "1"],
            seconds: ["collect": 0.25, "cluster": 0.5, "lengths": 0.125])
    }

    // MARK: Parsing

    /// The page as XML (after its DOCTYPE line); fails the test unless it is well-formed.
    static func parse(_ html: String) throws -> XMLDocument {
        #expect(html.hasPrefix("<!DOCTYPE html>\n"))
        return try XMLDocument(xmlString: String(html.drop { $0 != "\n" }))
    }

    static func elements(_ node: XMLNode, _ xpath: String) throws -> [XMLElement] {
        try node.nodes(forXPath: xpath).compactMap { $0 as? XMLElement }
    }

    /// An attribute by XPath: `attribute(forName:)` finds none on an element in a namespace (the
    /// automaton diagram's `<svg xmlns=...>`) on Linux.
    static func attribute(_ e: XMLElement, _ name: String) -> String? {
        (try? e.nodes(forXPath: "@\(name)"))?.first?.stringValue
    }

    /// Each row's cells' text, header cells included.
    static func rows(_ table: XMLElement) throws -> [[String]] {
        try elements(table, "tr").map { row in try elements(row, "th|td").map { $0.stringValue ?? "" } }
    }

    /// The value a heatmap label stands for (".25" is 0.25, "-.50" is -0.5).
    static func number(_ label: String) -> Double? {
        Double(label.hasPrefix("-.") ? "-0" + label.dropFirst() : label.hasPrefix(".") ? "0" + label : label)
    }

    // MARK: The inspection page

    /// Two samples (one wrong): the samples table, each sample's tape with its target, prediction and
    /// confidence rows, one heatmap per per-step series and per attention head, the scatter with a
    /// legend entry per true state, and the means by part of the tape with their numbers.
    @Test func theInspectionPageHasEverySection() throws {
        let samples = [Self.stackSample(["0", "1", "1", "0"]), Self.stackSample(["1", "1", "0", "1"], wrongAt: 2)]
        let html = InspectionPage(Self.inspection(samples: samples)).render()
        let doc = try Self.parse(html)
        #expect(
            try doc.nodes(forXPath: "/html/head/title").first?.stringValue
                == "Reckon inspection: reverse_string × stack_rnn")
        #expect(try Self.elements(doc, "//script").isEmpty)
        for external in ["http:", "https:", "src=", "url("] {
            #expect(!html.contains(external), "the page refers to something outside it: \(external)")
        }
        // The stylesheet is CSS as written: `"Segoe UI"` escaped to `&quot;Segoe UI&quot;` inside <style>
        // (raw text in HTML, where entities are not decoded) would end the font-family declaration early.
        #expect(html.contains("<style>\(InspectionPage.style)</style>"))
        let meta = try #require(Self.elements(doc, "//p[@class='meta']").first?.stringValue)
        #expect(meta.contains("score 0.875") && meta.contains("Answered right: 1 of 2."), "\(meta)")

        let overview = try Self.rows(
            #require(Self.elements(doc, "//h2[.='Samples']/following-sibling::table[1]").first))
        #expect(
            overview == [
                ["#", "input", "target", "prediction", "lowest confidence"],
                ["1", "0110", "0110", "0110", "0.500"],
                ["2", "1101", "1011", "1001", "0.500"],
            ])
        #expect(try Self.elements(doc, "//tr[@class='wrong']").count == 1)

        for (n, sample) in samples.enumerated() {
            let div = try #require(Self.elements(doc, "//div[@id='sample-\(n + 1)']").first)
            let heading = try #require(Self.elements(div, "h2").first?.stringValue)
            #expect(heading == "Sample \(n + 1): \(n == 0 ? "right" : "wrong"), 2.50 computation steps on average")
            let tape = try Self.rows(#require(Self.elements(div, "div[@class='tape']/table").first))
            let blanks = [String](repeating: "", count: 4)
            #expect(tape.count == 4)
            #expect(tape[0] == ["tape"] + sample.tape)
            #expect(tape[1] == ["target"] + blanks + sample.target)
            #expect(tape[2] == ["prediction"] + blanks + sample.prediction)
            #expect(tape[3] == ["confidence", "", "", "", "", "0.50", "0.62", "0.75", "0.88"])
            let marked = try Self.elements(div, "div[@class='tape']/table/tr[3]/td").compactMap {
                Self.attribute($0, "class")
            }
            #expect(marked == (0..<4).map { sample.prediction[$0] == sample.target[$0] ? "right" : "wrong" })

            // One heatmap per per-step series (the state is drawn in the scatter) and per attention head.
            let maps = try Self.elements(div, ".//*[local-name()='svg'][@class='trace-heatmap']")
            #expect(
                maps.compactMap { Self.attribute($0, "aria-label") } == [
                    TraceName.stackActions, TraceName.stackTop, TraceName.ponder,
                    "head 1 (rows: queries, columns: keys)", "head 2 (rows: queries, columns: keys)",
                ])
            let cells = try maps.map { try Self.elements($0, ".//*[local-name()='g'][@class='cell']").count }
            // The stack top cells start a step late; attention is 8 × 8 per head.
            #expect(cells == [3 * 8, 2 * 7, 8, 64, 64])
            #expect(try Self.elements(div, "h3").map { $0.stringValue ?? "" } == [TraceName.attention(layer: 0)])
        }

        let scatter = try #require(Self.elements(doc, "//*[local-name()='svg'][@class='state-scatter']").first)
        let legend = try Self.elements(scatter, ".//*[local-name()='text'][@class='legend']").map { $0.stringValue }
        #expect(legend == ["true state q0", "true state q1", "past the input"])
        let dots = try Self.elements(scatter, ".//*[local-name()='circle']")
        #expect(dots.count == 2 * 8 + 3, "a dot per sample and step, and one per legend entry")
        #expect(try Self.elements(scatter, ".//*[local-name()='polyline']").count == 2)
        // Parity's state after "0", "01": q0 (the first colour), then q1 (the second); past the input grey.
        #expect(
            dots.prefix(8).compactMap { Self.attribute($0, "fill") } == [
                StateScatter.color(0), StateScatter.color(1), StateScatter.color(0), StateScatter.color(0),
            ] + [String](repeating: StateScatter.color(nil), count: 4))

        // Push 0.75 on every input step, pop 0.75 on every answer step; no computation steps ("–").
        let parts = try #require(Self.elements(doc, "//table[@class='parts']").first)
        #expect(Self.attribute(parts, "data-series") == TraceName.stackActions)
        #expect(
            try Self.rows(parts) == [
                ["", "input steps", "computation steps", "answer steps"],
                ["push", "0.750", "–", "0.125"],
                ["pop", "0.125", "–", "0.750"],
                ["no-op", "0.125", "–", "0.125"],
            ])
        #expect(try Self.elements(doc, "//table[@class='parts']").count == 1, "one table per weights series")
    }

    /// No projection: no scatter. A sample without true states: the scatter, but no legend (its dots
    /// are all grey). One sample: no samples table, its tape only.
    @Test func theScatterAndTheSamplesTableAppearOnlyWhenTheyCan() throws {
        let two = [Self.stackSample(["0", "1", "1", "0"]), Self.stackSample(["1", "0", "0", "1"], trueStates: false)]
        let unprojected = try Self.parse(InspectionPage(Self.inspection(samples: two, projected: false)).render())
        #expect(try Self.elements(unprojected, "//*[local-name()='svg'][@class='state-scatter']").isEmpty)
        #expect(try Self.elements(unprojected, "//h2[.='Hidden states']").isEmpty)

        let unlabelled = try Self.parse(InspectionPage(Self.inspection(samples: two)).render())
        let scatter = try #require(
            Self.elements(unlabelled, "//*[local-name()='svg'][@class='state-scatter']").first)
        #expect(try Self.elements(scatter, ".//*[local-name()='text'][@class='legend']").isEmpty)
        let fills = try Self.elements(scatter, ".//*[local-name()='circle']").compactMap { Self.attribute($0, "fill") }
        #expect(fills == [String](repeating: StateScatter.color(nil), count: 16))

        let one = try Self.parse(InspectionPage(Self.inspection(samples: [two[0]])).render())
        #expect(try Self.elements(one, "//h2[.='Samples']").isEmpty)
        #expect(try Self.elements(one, "//div[@class='tape']").count == 1)
    }

    /// Every value label of every heatmap on the page is printed (8 tape steps fit) and its ink
    /// contrasts at least 4.5 with its cell.
    @Test func everyValueLabelOnTheInspectionPageIsReadable() throws {
        let samples = [Self.stackSample(["0", "1", "1", "0"]), Self.stackSample(["1", "1", "0", "1"])]
        let doc = try Self.parse(InspectionPage(Self.inspection(samples: samples)).render())
        let cells = try Self.elements(doc, "//*[local-name()='svg'][@class='trace-heatmap']//*[@class='cell']")
        #expect(cells.count == 2 * (24 + 14 + 8 + 128))
        let labels = try Self.expectReadableLabels(cells)
        #expect(labels == cells.count)
    }

    /// Checks every `<g class="cell">`'s value label: its ink (as an attribute and as the inline style that
    /// outranks the stylesheet) contrasts ≥ 4.5 with the cell's rect. Returns the number of labels.
    @discardableResult
    static func expectReadableLabels(_ cells: [XMLElement]) throws -> Int {
        var labels = 0
        for cell in cells {
            let fill = try #require(
                Self.elements(cell, "*[local-name()='rect']").first.flatMap { attribute($0, "fill") })
            for text in try Self.elements(cell, "*[local-name()='text'][@class='value']") {
                let ink = try #require(attribute(text, "fill"), "a label without a fill")
                #expect(attribute(text, "style") == "fill:\(ink)")
                let ratio = ColorScale.contrastRatio(ink, fill)
                #expect(ratio >= 4.5, "'\(text.stringValue ?? "")': \(ink) on \(fill) has contrast \(ratio)")
                labels += 1
            }
        }
        return labels
    }

    // MARK: Heatmaps

    /// A unit heatmap of 0, 0.05, …, 1 and a diverging one of -1 … 1 (and of -20 … 20, where the
    /// largest magnitude sets the scale): every cell has its value printed, and every label's ink
    /// contrasts ≥ 4.5 with its cell. The diverging scale's ends and centre are its named colours.
    @Test func heatmapLabelsAcrossTheWholeScaleAreReadable() throws {
        let steps = (0...20).map { Double($0) / 20 }
        let maps = [
            TraceHeatmap(
                title: "unit", rowLabels: ["p"], columnLabels: steps.map { _ in "x" }, values: [steps], scale: .unit),
            TraceHeatmap(
                title: "diverging", rowLabels: ["v"], columnLabels: steps.map { _ in "x" },
                values: [steps.map { 2 * $0 - 1 }], scale: .diverging),
            TraceHeatmap(
                title: "wide", rowLabels: ["v", "w"], columnLabels: steps.map { _ in "x" },
                values: [steps.map { 40 * $0 - 20 }, steps.map { 20 - 40 * $0 }], scale: .diverging),
        ]
        for map in maps {
            let doc = try XMLDocument(xmlString: map.render())
            let cells = try Self.elements(doc, "//*[@class='cell']")
            #expect(cells.count == map.values.count * 21, "\(map.title)")
            let labels = try Self.expectReadableLabels(cells)
            #expect(labels == cells.count, "\(map.title): every cell is labelled")
            // The printed numbers are the values (to two decimals).
            let printed = try Self.elements(doc, "//*[@class='value']").map { Self.number($0.stringValue ?? "") }
            let values = map.values.flatMap { $0.compactMap { $0 } }
            #expect(printed.count == values.count)
            for (label, value) in zip(printed, values) {
                #expect(
                    label.map { abs($0 - value) <= 0.005 } == true, "\(map.title): \(value) printed as \(label ?? .nan)"
                )
            }
        }
        let diverging = maps[1]
        #expect(diverging.fill(-1, magnitude: 1) == "#2166ac")
        #expect(diverging.fill(0, magnitude: 1) == "#ffffff")
        #expect(diverging.fill(1, magnitude: 1) == "#b2182b")
        #expect(diverging.fill(5, magnitude: 1) == "#b2182b", "clamped")
    }

    /// Values are printed only when the cells are wide and tall enough to hold them: 24 tape steps
    /// (30-pixel cells) yes, 25 (16 pixels) no, nor 300 rows (4-pixel rows). Every cell keeps its
    /// `<title>` with the value; a step without a value has no cell.
    @Test func heatmapValuesArePrintedOnlyInWideCells() throws {
        func render(rows: Int, columns: Int, blank: Bool = false) throws -> (cells: Int, labels: Int, titles: Int) {
            var values = (0..<rows).map { r in (0..<columns).map { c -> Double? in Double((r + c) % 10) / 10 } }
            if blank { values[0][0] = nil }
            let map = TraceHeatmap(
                title: "t", rowLabels: (0..<rows).map { "r\($0)" }, columnLabels: (0..<columns).map { "\($0)" },
                values: values, scale: .unit)
            let doc = try XMLDocument(xmlString: map.render())
            return (
                try Self.elements(doc, "//*[@class='cell']").count, try Self.elements(doc, "//*[@class='value']").count,
                try Self.elements(doc, "//*[@class='cell']/*[local-name()='title']").count
            )
        }
        let fits = try render(rows: 3, columns: 24)
        #expect(fits.cells == 72 && fits.labels == 72 && fits.titles == 72)
        let narrow = try render(rows: 3, columns: 25)
        #expect(narrow.cells == 75 && narrow.labels == 0 && narrow.titles == 75)
        let short = try render(rows: 300, columns: 24)
        #expect(short.cells == 7200 && short.labels == 0)
        let blank = try render(rows: 2, columns: 4, blank: true)
        #expect(blank.cells == 7 && blank.labels == 7)
    }

    /// A value of 1 or more keeps its digits: ponder steps of 10.5 read "10.50", not "1.50" (dropping
    /// a leading zero must not drop the zero of "10."); below 1 the leading zero goes.
    @Test func heatmapLabelsKeepEveryDigit() throws {
        let values: [Double] = [10.5, -10.25, 0.5, -0.5, 100, 2.05]
        let map = TraceHeatmap(
            title: "ponder", rowLabels: ["steps"], columnLabels: values.map { _ in "x" }, values: [values],
            scale: .diverging)
        let doc = try XMLDocument(xmlString: map.render())
        let printed = try Self.elements(doc, "//*[@class='value']").map { $0.stringValue ?? "" }
        #expect(printed == ["10.50", "-10.25", ".50", "-.50", "100.00", "2.05"])
    }

    // MARK: Escaping

    /// A task, series and labels with < and & survive as text: the page parses, and titles say what
    /// they were given.
    @Test func textInTitlesIsEscaped() throws {
        var sample = Self.stackSample(["0", "1"])
        sample.series[1].name = "a < b & c"
        sample.series[1].labels = ["<push>", "&pop", "no-op \"x\""]
        let doc = try Self.parse(InspectionPage(Self.inspection(task: "t<&>", samples: [sample])).render())
        #expect(try doc.nodes(forXPath: "/html/head/title").first?.stringValue == "Reckon inspection: t<&> × stack_rnn")
        #expect(try doc.nodes(forXPath: "//h1").first?.stringValue == "Inspection: stack_rnn on t<&>")
        let map = try #require(
            Self.elements(doc, "//*[local-name()='svg'][@class='trace-heatmap'][@aria-label='a < b & c']").first)
        #expect(try map.nodes(forXPath: "*[local-name()='title']").first?.stringValue == "a < b & c")
        let ticks = try Self.elements(map, "*[local-name()='text'][@class='tick']").map { $0.stringValue ?? "" }
        #expect(ticks.contains("<push>") && ticks.contains("&pop") && ticks.contains("no-op \"x\""))
        let titles = try Self.elements(map, ".//*[@class='cell']/*[local-name()='title']").map { $0.stringValue ?? "" }
        #expect(titles.first == "<push>, 0: 0.75")
        #expect(try Self.elements(doc, "//table[@data-series='a < b & c']").count == 1)

        let extraction = try Self.parse(
            ExtractionPage(Self.extraction(isomorphic: false, inputSymbols: ["<a>", "&b"])).render())
        let labels = try Self.elements(extraction, "//*[@class='edge-label']").map { $0.stringValue ?? "" }
        #expect(labels.contains("<a>, &b"), "\(labels)")
        let where_ = try #require(
            Self.elements(extraction, "//h2[.='Where they disagree']/following-sibling::p[1]").first)
        #expect(where_.stringValue?.contains("'&b': extracted 0, task 1, network 1") == true)
    }

    // MARK: The extraction page

    /// Isomorphic: the verdict says so, two diagrams (the extracted automaton's and the task's), no
    /// "where they disagree", the candidates table with the kept row marked, the agreement chart.
    @Test func theExtractionPageOfAnIsomorphicAutomaton() throws {
        let result = Self.extraction(isomorphic: true)
        let html = ExtractionPage(result).render()
        let doc = try Self.parse(html)
        #expect(html.contains("<style>\(InspectionPage.style)</style>"))
        #expect(try Self.elements(doc, "//script").isEmpty)
        let verdict = try #require(Self.elements(doc, "//p[@id='verdict']").first?.stringValue)
        #expect(verdict.contains("isomorphic to the task's automaton"), "\(verdict)")
        #expect(!verdict.contains("not the task's automaton"))
        #expect(verdict.contains("rnn on parity_check: 2 states (from 2 clusters of 900 states"), "\(verdict)")
        #expect(verdict.contains("at lengths 1-12: agreement with the task min 1.0000, mean 1.0000"), "\(verdict)")
        #expect(!verdict.contains("time:"), "the timings are the command line's, not the page's")
        let diagrams = try Self.elements(doc, "//*[local-name()='svg'][@class='automaton']")
        #expect(
            diagrams.compactMap { Self.attribute($0, "aria-label") } == [
                "extracted: 2 states", "parity_check's own: 2 states",
            ])
        #expect(diagrams.count == 2)
        for d in diagrams {
            #expect(try Self.elements(d, ".//*[local-name()='g'][@class='state']").count == 2)
        }
        #expect(try Self.elements(doc, "//h2[.='Where they disagree']").isEmpty)
        let candidates = try #require(
            Self.elements(doc, "//h2[.='Numbers of clusters tried']/following-sibling::table[1]").first)
        #expect(
            try Self.rows(candidates) == [
                ["clusters", "states after minimization", "held-out agreement with the network"],
                ["1", "1", "0.5000"], ["2", "2", "1.0000"],
            ])
        #expect(try Self.elements(candidates, "tr[@class='right']").map { $0.stringValue } == ["221.0000"])
        let chart = try #require(Self.elements(doc, "//*[local-name()='svg'][@class='chart']").first)
        #expect(try Self.elements(chart, ".//*[local-name()='polyline']").count == 3, "three agreements")
        #expect(ExtractionPage.summary(result).contains("time: collect 0.2 s, cluster 0.5 s, lengths 0.1 s"))
    }

    /// Not isomorphic: the verdict says so with the first input they disagree on, and a section shows
    /// it with each one's answer; the diagrams show 1 state against the task's 2.
    @Test func theExtractionPageOfAWrongAutomaton() throws {
        let doc = try Self.parse(ExtractionPage(Self.extraction(isomorphic: false)).render())
        let verdict = try #require(Self.elements(doc, "//p[@id='verdict']").first?.stringValue)
        #expect(
            verdict.contains(
                "not the task's automaton (they first disagree on '1': extracted 0, task 1, network 1)"),
            "\(verdict)")
        #expect(verdict.contains("agreement with the task min 0.5000"), "\(verdict)")
        let disagree = try #require(
            Self.elements(doc, "//h2[.='Where they disagree']/following-sibling::p[1]").first?.stringValue)
        #expect(
            disagree == "The shortest input on which the two automata answer differently: '1': extracted 0, "
                + "task 1, network 1.")
        let diagrams = try Self.elements(doc, "//*[local-name()='svg'][@class='automaton']")
        #expect(
            diagrams.compactMap { Self.attribute($0, "aria-label") } == [
                "extracted: 1 states", "parity_check's own: 2 states",
            ])
        let candidates = try #require(
            Self.elements(doc, "//h2[.='Numbers of clusters tried']/following-sibling::table[1]").first)
        #expect(try Self.rows(candidates).count == 4)
        #expect(try Self.elements(candidates, "tr[@class='right']").count == 1)
        #expect(try Self.elements(candidates, "tr[@class='right']/td[1]").first?.stringValue == "3")
    }
}
