import ReckonMachines
import ReckonTensor

/// Beam search over an autoregressive machine's outputs (Sutskever et al. 2014, §3.2): keep the
/// `width` most probable prefixes, extend each by every class, keep the best `width` again.
///
/// It needs no decoding interface from the machine: the outputs of a teacher-forced pass at step
/// t depend only on the targets before t (the decoders are causal), so the log-probabilities of
/// every extension of a prefix are step t of one teacher-forced pass with the prefix as targets.
/// That reruns the encoder and the prefix at every step, O(T²) decoder steps per answer against
/// greedy decoding's T; beam search is an evaluation option, and answers here are short.
public enum BeamSearch {
    /// One-hot scores [B, T_out, C] marking the most probable sequence found for each example,
    /// in the form the head's score and metrics read; classes are ranked by the head's
    /// `decodingLogits`. A beam that has chosen `end` (the head's `endClass`, a hull's end marker)
    /// is finished: it repeats `end` at no cost, so the steps after an answer, which no loss
    /// trained, take no part in the ranking.
    public static func decode(
        _ machine: any Machine, batch: EncodedBatch, head: any OutputHead, width: Int, end: Int? = nil,
        context: inout ForwardContext
    ) -> Tensor {
        let b = batch.batchSize
        let steps = batch.outputLength
        let classes = batch.outputSize
        let rows = b * width
        let n = batch.input.shape[1]
        let d = batch.input.shape[2]
        let source = batch.input.scalars
        var repeated = [Float](repeating: 0, count: rows * n * d)
        for r in 0..<rows {
            let e = r / width
            repeated.replaceSubrange((r * n * d)..<((r + 1) * n * d), with: source[(e * n * d)..<((e + 1) * n * d)])
        }
        let input = Tensor(repeated, shape: [rows, n, d])
        var prefixes = [[Int]](repeating: [], count: rows)
        // One live beam per example at the start; the others join as copies once they have a choice.
        var scores = (0..<rows).map { $0 % width == 0 ? 0.0 : -Double.infinity }
        for t in 0..<steps {
            let targets = oneHot(prefixes.flatMap { $0 + [0] }, idShape: [rows, t + 1], depth: classes)
            let logits = head.decodingLogits(
                machine.logits(input: input, outputLength: t + 1, targets: targets, context: &context), batch: batch)
            let last = logits.slice(axis: 1, t..<(t + 1)).logSoftmax(axis: -1).scalars
            var nextPrefixes = prefixes
            var nextScores = scores
            for e in 0..<b {
                var candidates: [(score: Double, beam: Int, choice: Int)] = []
                for k in 0..<width where scores[e * width + k] > -Double.infinity {
                    let r = e * width + k
                    if let end, prefixes[r].contains(end) {
                        candidates.append((scores[r], r, end))
                        continue
                    }
                    for c in 0..<classes { candidates.append((scores[r] + Double(last[r * classes + c]), r, c)) }
                }
                // Ties go to the earlier beam and the smaller class, so the search is deterministic.
                candidates.sort { ($0.score, -$0.beam, -$0.choice) > ($1.score, -$1.beam, -$1.choice) }
                for k in 0..<width {
                    let r = e * width + k
                    if k < candidates.count {
                        nextPrefixes[r] = prefixes[candidates[k].beam] + [candidates[k].choice]
                        nextScores[r] = candidates[k].score
                    } else {
                        nextPrefixes[r] = prefixes[candidates[0].beam] + [candidates[0].choice]
                        nextScores[r] = -Double.infinity
                    }
                }
            }
            prefixes = nextPrefixes
            scores = nextScores
        }
        let best = (0..<b).flatMap { e -> [Int] in
            let k = (0..<width).max {
                scores[e * width + $0] < scores[e * width + $1]
                    || (scores[e * width + $0] == scores[e * width + $1] && $0 > $1)
            }!
            return prefixes[e * width + k]
        }
        return oneHot(best, idShape: [b, steps], depth: classes)
    }
}
