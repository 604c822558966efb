/// Names which protocol a number came from (REFERENCES.md: users of the reference were
/// misled by mixing the demo defaults with the paper's protocol).
public enum ProtocolName {
    public static func describe(_ c: RunConfig) -> String {
        let grown = (c.evaluationSettings ?? [:]).sorted { $0.key < $1.key }.map {
            "\($0.key) \($0.value) in evaluation"
        }
        let prefix =
            c.protocolName == "paper"
            ? "paper (Delétang et al. 2023, appendix A)" : (c.protocolName ?? "reckon-default")
        let task = (c.taskSettings ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return prefix + (task.isEmpty ? "" : " (task " + task.joined(separator: " ") + ")")
            + ": \(c.steps) steps, batch \(c.batchSize), lr \(c.learningRate), "
            + "lengths \(c.curriculum.minLength)-\(c.trainLength) \(c.curriculum.kind.rawValue), "
            + "score = mean accuracy on lengths \(c.trainLength + 1)-\(c.evalMaxLength), "
            + "\(c.evalSamples) samples/length, seed \(c.seed)"
            + (grown.isEmpty ? "" : ", " + grown.joined(separator: ", "))
            + ((c.beamWidth ?? 1) > 1 ? ", beam search width \(c.beamWidth ?? 1)" : "")
    }
}
