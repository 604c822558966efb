import Foundation
import ReckonSupport

/// dataset.json: what an exported dataset is (task, settings, seed, lengths, the Reckon that wrote
/// it) and a SHA-256 per file, so that predictions can be checked against it and the files against
/// what they were when written.
public struct DatasetCard: Codable, Equatable, Sendable {
    /// One file of records: a split (`train` or `eval`) over a range of lengths.
    public struct Split: Codable, Equatable, Sendable {
        public var name: String
        public var file: String
        /// "1-500".
        public var lengths: String
        /// Sequences at each length (eval) or in all (train, lengths uniform over the range).
        public var samples: Int
        public var samplesPerLength: Bool
        public var records: Int
        public var bytes: Int
        public var sha256: String

        enum CodingKeys: String, CodingKey {
            case name, file, lengths, samples, records, bytes, sha256
            case samplesPerLength = "samples_per_length"
        }
    }

    /// `<task>-s<seed>-` and the first 12 hex digits of a SHA-256 over the files' digests: predictions
    /// name it, so predictions for another dataset or seed are told apart from a typo.
    public var datasetID: String
    public var task: String
    public var taskSettings: [String: String]
    public var seed: UInt64
    /// `tokens`, `bit_vectors`, `reals`, `pointers` or `prediction` (`TaskOutputKind`).
    public var outputKind: String
    public var inputSymbols: [String]
    public var outputSymbols: [String]
    /// Lengths up to this one are the training lengths: the score is the mean accuracy after it.
    public var trainLength: Int
    /// Sequences per sub-batch of the eval split as drawn: Reckon's own evaluation of a run with this
    /// seed and `eval_batch_size` draws the same sequences.
    public var evalBatchSize: Int
    public var format: String
    public var splits: [Split]
    public var reckonVersion: String

    enum CodingKeys: String, CodingKey {
        case task, seed, format, splits
        case datasetID = "dataset_id"
        case taskSettings = "task_settings"
        case outputKind = "output_kind"
        case inputSymbols = "input_symbols"
        case outputSymbols = "output_symbols"
        case trainLength = "train_length"
        case evalBatchSize = "eval_batch_size"
        case reckonVersion = "reckon_version"
    }

    /// The card's file name in a dataset directory.
    public static let fileName = "dataset.json"

    /// The card as written, as the run files are (`RunFolder.json`: sorted keys, pretty-printed), so the
    /// same dataset gives the same bytes.
    public func encoded() throws -> Data { try RunFolder.json(self) }

    /// The id of a dataset whose files have these digests.
    static func id(task: String, seed: UInt64, digests: [String]) -> String {
        "\(task)-s\(seed)-" + SHA256.hex(Array(digests.joined(separator: "\n").utf8)).prefix(12)
    }
}
