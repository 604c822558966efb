extension PublishedTable {
    /// Delétang et al., "Neural Networks and the Chomsky Hierarchy", ICLR 2023, Table 2: the
    /// maximum over 30 runs (10 seeds × 3 learning rates; Transformers also over 5 encodings) of
    /// the mean accuracy on lengths 41–500. Only the cells that can be verified are shipped
    /// (../shared/REFERENCES.md): six tasks × five machines as cited by later work and consistent
    /// with the paper's text, the Transformer on cycle_navigation from the text (appendix B.3),
    /// and the regular tasks for the four recurrent machines from appendix B.1 ("all the networks,
    /// except for Transformers, solve all regular tasks perfectly for all the seeds").
    public static let deletang2023: PublishedTable = {
        let table2 = "Table 2"
        var cells: [Cell] = []
        let rows: [(String, [Double])] = [
            // rnn, stack_rnn, tape_rnn, transformer_encoder, lstm
            ("modular_arithmetic", [100, 100, 100, 24.2, 100]),
            ("parity_check", [100, 100, 100, 52.0, 100]),
            ("stack_manipulation", [56.0, 100, 100, 57.5, 59.1]),
            ("reverse_string", [62.0, 100, 100, 62.3, 60.9]),
            ("duplicate_string", [50.3, 52.8, 100, 52.8, 57.6]),
            ("odds_first", [51.0, 51.9, 100, 52.8, 55.6]),
        ]
        let models = ["rnn", "stack_rnn", "tape_rnn", "transformer_encoder", "lstm"]
        for (task, scores) in rows {
            for (model, score) in zip(models, scores) {
                cells.append(Cell(task: task, model: model, score: score / 100, source: table2))
            }
        }
        cells.append(
            Cell(task: "cycle_navigation", model: "transformer_encoder", score: 0.619, source: "appendix B.3.2"))
        for task in ["even_pairs", "cycle_navigation"] {
            for model in ["rnn", "stack_rnn", "tape_rnn", "lstm"] {
                cells.append(
                    Cell(
                        task: task, model: model, score: 1,
                        source: "appendix B.1 (every seed solves every regular task)"))
            }
        }
        return PublishedTable(
            name: "published/deletang2023",
            citation: "Delétang et al., Neural Networks and the Chomsky Hierarchy, ICLR 2023, Table 2 "
                + "(max over 30 runs of the mean accuracy on lengths 41–500; verified cells only)",
            solvedThreshold: 0.9, cells: cells)
    }()
}
