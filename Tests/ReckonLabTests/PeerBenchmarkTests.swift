import Foundation
import ReckonMachines
import Testing

@testable import ReckonLab

/// `reckon bench peers` without PyTorch or timing: its regimes, its medians per thread count and
/// Reckon's side of the parity rows (timings are never asserted).
@Suite struct PeerBenchmarkTests {
    @Test func defaultThreadsAreOneAndTheActiveCores() {
        let counts = PeerBenchmark.defaultThreads
        #expect(counts.first == 1)
        #expect(counts.count == (ProcessInfo.processInfo.activeProcessorCount > 1 ? 2 : 1))
        #expect(counts.last == max(1, ProcessInfo.processInfo.activeProcessorCount))
    }

    /// Medians and so ratios are taken within one thread count: the other regime's samples never mix in.
    @Test func mediansStayWithinOneThreadCount() {
        func sample(_ threads: Int, _ system: String, _ rate: Double, round: Int) -> PeerBenchmark.Sample {
            PeerBenchmark.Sample(model: .lstm, system: system, threads: threads, round: round, stepsPerSecond: rate)
        }
        let samples = [
            sample(1, "reckon", 10, round: 1), sample(1, "torch", 8, round: 1), sample(2, "reckon", 30, round: 1),
            sample(2, "torch", 16, round: 1), sample(1, "reckon", 12, round: 2), sample(1, "torch", 9, round: 2),
            sample(2, "reckon", 34, round: 2), sample(2, "torch", 18, round: 2), sample(1, "reckon", 11, round: 3),
        ]
        #expect(PeerBenchmark.median(samples, model: .lstm, threads: 1, system: "reckon") == 11)
        #expect(PeerBenchmark.median(samples, model: .lstm, threads: 1, system: "torch") == 8.5)
        #expect(PeerBenchmark.median(samples, model: .lstm, threads: 2, system: "reckon") == 32)
        #expect(PeerBenchmark.median(samples, model: .lstm, threads: 2, system: "torch") == 17)
        #expect(PeerBenchmark.median(samples, model: .transformerEncoder, threads: 1, system: "torch").isNaN)
    }

    /// Every row's Reckon side is a catalog machine, and the script knows every row.
    @Test func everyRowHasItsMachineAndItsScript() {
        for m in PeerBenchmark.Model.allCases { #expect(MachineCatalog.names.contains(m.rawValue), "\(m.rawValue)") }
        #expect(PeerBenchmark.Model.allCases.starts(with: [.lstm, .transformerEncoder]))
        for m in PeerBenchmark.Model.allCases {
            #expect(PeerBenchmark.torchScript.contains("\"\(m.rawValue)\""), "\(m.rawValue)")
        }
    }

    /// The looped row's Reckon side runs end to end on `looped_transformer` (width 256, 8 heads,
    /// one layer, dropout 0, GELU, 20 iterations checked by its recorded steps), and a machine
    /// without those settings is refused by name, before anything is timed.
    @Test func loopedStepRunsAndRefusesForeignSettings() throws {
        #expect(try PeerBenchmark.loopedTransformerStep(seconds: 0) > 0)
        do {
            _ = try PeerBenchmark.loopedTransformerStep(seconds: 0, machine: "lstm")
            Issue.record("lstm took transformer settings")
        } catch {
            #expect("\(error)".contains("`lstm` refuses the benchmark's settings"), "\(error)")
        }
    }

    /// The deltanet and mamba rows run end to end on their catalog machines at Grazzi et al.'s
    /// sizes, and a machine without those settings is refused by name, before anything is timed.
    @Test func linearRecurrentStepsRunAndRefuseForeignSettings() throws {
        for model in [PeerBenchmark.Model.deltanet, .mamba] {
            #expect(try PeerBenchmark.linearRecurrentStep(model, seconds: 0) > 0, "\(model)")
        }
        do {
            _ = try PeerBenchmark.linearRecurrentStep(.mamba, seconds: 0, machine: "lstm")
            Issue.record("lstm took mamba settings")
        } catch {
            #expect("\(error)".contains("`lstm` refuses the benchmark's settings"), "\(error)")
        }
    }

    /// Both sides of the deltanet and mamba rows train as many parameters: the PyTorch script
    /// printed 529 728 and 233 984 (`--model deltanet` and `--model mamba`, PyTorch 2.13; its
    /// `parameters` field). Reckon's count of the row's settings must stay those numbers.
    @Test func linearRecurrentRowsCountThePyTorchParameters() throws {
        let counts: [PeerBenchmark.Model: Int] = [.deltanet: 529_728, .mamba: 233_984]
        for (model, count) in counts {
            let settings = try #require(PeerBenchmark.linearRecurrentSettings[model])
            #expect(try PeerBenchmark.parityParameters(machine: model.rawValue, settings: settings) == count)
        }
    }

    /// The grok_transformer row is Nanda et al.'s full batch: 3 830 inputs [x, y, =] one-hot over 114 tokens,
    /// 113 classes; the step runs end to end; and both sides train as many parameters (the PyTorch script
    /// printed 226 688 for `--model grok_transformer`, PyTorch 2.13: its `parameters` field).
    @Test func grokRowIsNandasFullBatchAndCountsThePyTorchParameters() throws {
        let (x, labels, inputs, outputs) = PeerBenchmark.grokBatch()
        #expect(x.shape == [3830, 3, 114])
        #expect(labels.count == 3830 && (inputs, outputs) == (114, 113))
        #expect(labels.allSatisfy { (0..<113).contains($0) })
        #expect(try PeerBenchmark.grokParameters() == 226_688)
        #expect(try PeerBenchmark.grokTransformerStep(seconds: 0) > 0)
    }
}
