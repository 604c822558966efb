import ReckonTasks

/// Names which protocol a number came from (REFERENCES.md: users of the reference were
/// misled by mixing the demo defaults with the paper's protocol).
public enum ProtocolName {
    /// The protocol and what the run changed of it: `paper`, `paper (steps=10000)`, `demo`,
    /// `reckon-default` (a plain `reckon train`).
    public static func label(_ c: RunConfig) -> String {
        let name = c.protocolName ?? "reckon-default"
        guard let deviations = c.protocolDeviations, !deviations.isEmpty else { return name }
        return name + " ("
            + deviations.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            .joined(separator: ", ") + ")"
    }

    /// The protocol in words, with what the run trains on and how `task` (the config's, resolved by the
    /// caller, which already holds it: a word problem's table can be megabytes) is scored.
    public static func describe(_ c: RunConfig, task resolved: any AlgorithmicTask) -> String {
        // Both sizes: a pilot of the paper says it trained with a stack of 128 and evaluated with 1000.
        let grown = (c.evaluationSettings ?? [:]).sorted { $0.key < $1.key }.map { name, value in
            let trained = c.machineSettings.values[name].map { "\($0) in training, " } ?? ""
            return "\(name) \(trained)\(value) in evaluation"
        }
        let deviations = (c.protocolDeviations ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let prefix =
            (c.protocolName == "paper"
                ? "paper (Delétang et al. 2023, appendix A)" : (c.protocolName ?? "reckon-default"))
            + (deviations.isEmpty ? "" : " deviating in " + deviations.joined(separator: ", "))
        let task = (c.taskSettings ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let optimizer =
            (c.weightDecay > 0 ? ", AdamW weight decay \(c.weightDecay)" : "")
            + (c.adamBeta2 != RunSettings().adamBeta2 ? ", beta2 \(c.adamBeta2)" : "")
        if let table = resolved as? any FiniteTableTask {
            let train = table.split.train.count
            let batch = c.batchSize >= train ? "full batch of \(train)" : "batch \(c.batchSize) in epochs of \(train)"
            return prefix + (task.isEmpty ? "" : " (task " + task.joined(separator: " ") + ")")
                + ": \(c.steps) steps, \(batch) training entries, lr \(c.learningRate)\(optimizer), "
                + "score = accuracy on the \(table.split.test.count) held-out entries (a table has no length axis), "
                + "seed \(c.seed)"
        }
        return prefix + (task.isEmpty ? "" : " (task " + task.joined(separator: " ") + ")")
            + ": \(c.steps) steps, batch \(c.batchSize), lr \(c.learningRate)\(optimizer), "
            + "lengths \(c.curriculum.minLength)-\(c.trainLength) \(c.curriculum.kind.rawValue), "
            + "score = mean accuracy on lengths \(c.trainLength + 1)-\(c.evalMaxLength), "
            + "\(c.evalSamples) samples/length, seed \(c.seed)"
            + (grown.isEmpty ? "" : ", " + grown.joined(separator: ", "))
            + (c.beamWidth > 1 ? ", beam search width \(c.beamWidth)" : "")
    }
}
