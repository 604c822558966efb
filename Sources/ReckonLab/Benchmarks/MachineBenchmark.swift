import ReckonMachines
import ReckonTasks
import ReckonTensor

/// `reckon bench machines`: training steps per second of every machine at its defaults, or with
/// the settings given.
public enum MachineBenchmark {
    /// One record per machine: forward + backward + Adam on `task` at a fixed length (`sort` for
    /// pointer_net when `task` is not a pointer task, arithmetic_function at length 1 for the arithmetic units,
    /// modular_addition for the grokking machines),
    /// with `settings` (name to text, as `--set`) over each machine's defaults; the record names them.
    public static func run(
        seconds: Double, task: String = "reverse_string", batch: Int = 128, length: Int = 40,
        machines: [String] = MachineCatalog.names, settings: [String: String] = [:], blasGflops: Double
    ) throws -> [BenchmarkRecord] {
        try machines.map { name in
            let spec = try MachineCatalog.spec(named: name)
            // A pointer network answers with input positions: it is timed on sort at the same length.
            let pointer = name == PointerNet.spec.name && (try? TaskCatalog.task(named: task))?.outputKind != .pointers
            // Arithmetic units take real-valued tasks only: they are timed on the function task's training range.
            let arithmetic = ArithmeticStack.names.contains(name)
            // The grokking machines read x y = and answer once: they are timed on x + y mod 113.
            let chosenIsTable = (try? TaskCatalog.task(named: task)) is any FiniteTableTask
            let table = [GrokTransformer.spec.name, GrokMLP.spec.name].contains(name) && !chosenIsTable
            // A table's inputs are x y = whatever length was asked for.
            let (task, length) =
                arithmetic
                ? ("arithmetic_function", 1)
                : table
                    ? (ModularTable<ModularAddition>().name, 3)
                    : (pointer ? Sort().name : task, chosenIsTable ? 3 : length)
            var config = RunConfig(task: task, model: name, machineSettings: try spec.resolve(settings))
            config.curriculum = Curriculum(kind: .fixed, maxLength: length)
            config.batchSize = batch
            // Never reached; the largest count RunValidation accepts (Int.max / 2 was refused).
            config.steps = RunValidation.maximumSteps
            config.evalMaxLength = length + 1
            let session = try TrainingSession(config: config)
            let flop = FLOPCounter.count { session.trainStep() }
            let perStep = Stopwatch.measure(seconds: seconds, warmup: 1) { session.trainStep() }
            let achieved = flop / perStep / 1e9
            // Matmul-bound when the counted GEMMs alone, at BLAS speed, take at least half the step.
            let matmulBound = flop / (blasGflops * 1e9) >= 0.5 * perStep
            var fields: [(String, Any)] = [
                ("model", name), ("task", task), ("batch", batch), ("length", length),
                ("parameters", session.machine.parameterCount),
                ("steps_per_s", 1 / perStep), ("seconds_per_step", perStep),
                ("gflop_per_step", flop / 1e9), ("achieved_gflops", achieved), ("matmul_bound", matmulBound),
            ]
            if matmulBound { fields.append(("roofline_fraction", achieved / blasGflops)) }
            if !settings.isEmpty {
                let named = settings.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                fields.append(("settings", named.joined(separator: ",")))
            }
            return BenchmarkRecord(name: "machine_step", fields)
        }
    }

    /// Raw sgemm throughput at the LSTM-256 gate shape, the roofline machines are compared with.
    public static func blasRoofline(seconds: Double) -> Double {
        EngineBenchmark.matmul(seconds: seconds, shapes: [(128, 260, 1024)]).first.flatMap { r in
            r.fields.first { $0.0 == "blas_gflops" }?.1 as? Double
        } ?? 100
    }
}
