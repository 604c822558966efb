import Foundation
import ReckonMachines
import ReckonSupport
import ReckonTasks
import ReckonTensor

/// Extracts the automaton a recurrent machine computes (`reckon extract`), by clustering its
/// states (the quantization route of Omlin & Giles 1996, which Weiss et al. 2018 compare L*
/// against) and checks it against the task's own minimal automaton.
///
/// 1. The machine reads `samples` strings of the training lengths one symbol at a time; after each
///    prefix its state is kept, with the class it answers there (one more step on the answer blank,
///    then its head).
/// 2. For k = 1, 2, …: k-means on the states; each cluster is a state, its transition on a symbol
///    the cluster most of its members' successors fall in, its output the class most of its
///    complete-input members answer; then Hopcroft's minimization. The smallest k whose automaton
///    gives the network's answer on `agreement` of the held-out strings is kept.
/// 3. The minimized automaton is compared with the task's: isomorphic or not, the shortest input
///    they disagree on, and, at every length to `maxLength`, how often it agrees with the network
///    and with the task.
public struct AutomatonExtraction {
    /// The extraction's random streams, (seed, purpose `extraction`, index), each apart from the
    /// others for every length a task can sample (at most 100 000): the sampled strings (set 0 for
    /// clustering, 1 held out) by length, the clustering's subset, each k's seeding, and the
    /// comparison's strings by length.
    enum Stream {
        static func strings(set: Int, length: Int) -> Int { set * 1_000_003 + length }
        static let subset = 3_000_000
        static func seeding(k: Int) -> Int { 3_000_001 + k }
        static func comparison(length: Int) -> Int { 4_000_000 + length }
    }

    /// What k-means clusters.
    public enum Features: String, Sendable, Codable, CaseIterable {
        /// The state vectors themselves.
        case state
        /// The network's answers from each state after short probes.
        case behaviour
    }

    /// How much to sample and what counts as reproducing the network.
    public struct Settings: Sendable {
        public var samples = 10_000
        public var heldOut = 1_000
        public var maxClusters = 32
        public var agreement = 0.99
        /// Strings per length in the comparison at every length.
        public var perLength = 32
        public var maxLength: Int
        public var seed: UInt64 = 0
        /// What is clustered: the states' vectors, or what the network answers from each state after
        /// every probe of at most `probeDepth` symbols (`StateSample.behaviour`).
        public var features = Features.behaviour
        public var probeDepth = 2
        /// States clustered by k-means at most (a seeded subset; every state is then assigned).
        public var clusteringRows = 20_000

        public init(maxLength: Int) { self.maxLength = maxLength }
    }

    /// What the result names the machine by: its run folder, model name and checkpoint step.
    public struct Source: Sendable {
        public var run: String
        public var model: String
        public var step: Int
        public var trainLength: Int

        public init(run: String, model: String, step: Int, trainLength: Int) {
            self.run = run
            self.model = model
            self.step = step
            self.trainLength = trainLength
        }
    }

    public let machine: any Machine
    public let task: any AlgorithmicTask
    public let head: any OutputHead
    public let source: Source
    public let settings: Settings

    /// Extraction from any machine and task (tests build small machines by hand).
    public init(
        machine: any Machine, task: any AlgorithmicTask, head: any OutputHead, source: Source, settings: Settings
    ) {
        self.machine = machine
        self.task = task
        self.head = head
        self.source = source
        self.settings = settings
    }

    /// Extraction from a saved run's machine, as evaluation runs it.
    public init(run: SavedRun, settings: Settings) throws {
        self.init(
            machine: try run.evaluationMachine(), task: run.task, head: run.head,
            source: Source(
                run: run.folder.url.path, model: run.config.model, step: run.step,
                trainLength: run.config.trainLength),
            settings: settings)
    }

    /// Why a run cannot be extracted from, or nil.
    public static func problem(task: any AlgorithmicTask, machine: any Machine, model: String) -> String? {
        guard machine is any RecurrentStepping else {
            let names = MachineCatalog.all.filter { spec in
                ["rnn", "lstm", "gru"].contains(spec.name)
            }.map(\.name)
            return "extract clusters a recurrent machine's state; '\(model)' keeps more than one state vector "
                + "(machines it reads: \(names.joined(separator: ", ")))"
        }
        guard task is any RegularTask else {
            let names = TaskCatalog.all.filter { $0 is any RegularTask }.map(\.name)
            return "extract compares with the task's own automaton; '\(task.name)' has none "
                + "(tasks that have one: \(names.joined(separator: ", ")))"
        }
        if machine.computationStepsMultiplier > 0 {
            return "extract reads the answer right after the input; this run has computation steps "
                + "(computation_steps_mult \(machine.computationStepsMultiplier))"
        }
        return nil
    }

    /// Bytes an extraction may hold at once (estimated before anything is sampled).
    public static let memoryBudget = 4.0 * 1_073_741_824
    /// Tape positions the comparison at one length may run (`per_length` × the longest length).
    public static let positionsPerLength = 1 << 22

    /// Why these settings would not fit, or nil: the states kept (every prefix of every sampled string,
    /// a few copies), the behaviour features (symbols^depth probes × classes per state) and the probes'
    /// states for one chunk of 4 096 rows, against `memoryBudget`; one length's tape against
    /// `positionsPerLength`. Checked before sampling, so a request that could not finish is one line.
    public static func sizeProblem(
        _ settings: Settings, stateWidth: Int, symbols: Int, classes: Int, trainLength: Int
    ) -> String? {
        if Double(settings.perLength) * Double(settings.maxLength) > Double(positionsPerLength) {
            return "--per-length \(settings.perLength) at --max-length \(settings.maxLength) runs "
                + "\(settings.perLength * settings.maxLength) tape positions at once; at most \(positionsPerLength)"
        }
        let rows = Double(settings.samples + settings.heldOut) * (Double(trainLength) + 3) / 2
        var floats = 3 * rows * Double(stateWidth)
        if settings.features == .behaviour {
            let last = pow(Double(symbols), Double(settings.probeDepth))
            let probes = (0...settings.probeDepth).reduce(0.0) { $0 + pow(Double(symbols), Double($1)) }
            floats += 2 * rows * probes * Double(classes) + 4_096 * 2 * last * Double(stateWidth)
        }
        let bytes = 4 * floats
        guard bytes > memoryBudget else { return nil }
        return String(
            format: "this extraction would hold about %.1f GiB (%d strings of lengths up to %d, %@); at most %.0f GiB: "
                + "lower --samples, --held-out or --probe-depth", bytes / 1_073_741_824,
            settings.samples + settings.heldOut, trainLength,
            settings.features == .behaviour
                ? "probes of up to \(settings.probeDepth) of \(symbols) symbols" : "raw states of width \(stateWidth)",
            memoryBudget / 1_073_741_824)
    }

    /// Runs the extraction; `progress` hears each stage.
    public func extract(progress: (String) -> Void = { _ in }) throws -> AutomatonExtractionResult {
        if let problem = Self.problem(task: task, machine: machine, model: source.model) {
            throw LabError.invalidOption(problem)
        }
        let stepper = machine as! any RecurrentStepping
        let regular = task as! any RegularTask
        if let problem = Self.sizeProblem(
            settings, stateWidth: stepper.stateWidth, symbols: task.inputSize, classes: task.outputSize,
            trainLength: source.trainLength)
        {
            throw LabError.invalidOption(problem)
        }
        let reference = regular.automaton.minimized()
        let clock = ContinuousClock()
        var timings: [String: Double] = [:]
        func seconds(_ d: Duration) -> Double {
            Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }

        var collected: StateSample!
        var heldOut: StateSample!
        timings["collect"] = seconds(
            clock.measure {
                machine.withoutGradients {
                    collected = StateSample.collect(
                        stepper, task: regular, count: settings.samples, maxLength: source.trainLength,
                        seed: settings.seed, stream: 0)
                    heldOut = StateSample.collect(
                        stepper, task: regular, count: settings.heldOut, maxLength: source.trainLength,
                        seed: settings.seed, stream: 1)
                }
            })
        progress("collected \(collected.rows) states from \(settings.samples) strings")

        var candidates: [AutomatonExtractionResult.Candidate] = []
        var chosen: (automaton: MooreAutomaton, clusters: Int, agreement: Double)?
        timings["cluster"] = seconds(
            clock.measure {
                let points =
                    settings.features == .state
                    ? collected.states
                    : machine.withoutGradients {
                        collected.behaviour(
                            stepper, automaton: regular.automaton, inputSize: task.inputSize,
                            depth: settings.probeDepth)
                    }
                var rng = StepStreams.generator(seed: settings.seed, .extraction, Stream.subset)
                let subset = StateSample.subset(points, settings.clusteringRows, rng: &rng)
                let norms = KMeans.squaredNorms(points)
                for k in 1...settings.maxClusters {
                    var kRng = StepStreams.generator(seed: settings.seed, .extraction, Stream.seeding(k: k))
                    let means = KMeans(subset, k: k, rng: &kRng)
                    let clusters = KMeans.assign(points, norms: norms, to: means.centroids)
                    let automaton = collected.automaton(
                        clusters: clusters, count: means.centroids.shape[0], symbols: task.inputSize
                    )
                    .minimized()
                    let agreement = heldOut.agreement(of: automaton)
                    candidates.append(.init(clusters: k, states: automaton.stateCount, heldOutAgreement: agreement))
                    if chosen == nil || agreement > chosen!.agreement {
                        chosen = (automaton, k, agreement)
                    }
                    if agreement >= settings.agreement { break }
                    // Fewer distinct states than k: more clusters cannot change anything.
                    if means.centroids.shape[0] < k { break }
                }
            })
        let extracted = chosen!.automaton
        progress("\(chosen!.clusters) clusters: \(extracted.stateCount) states after minimization")

        var lengths: [AutomatonExtractionResult.LengthAgreement] = []
        timings["lengths"] = seconds(
            clock.measure {
                lengths = agreementAtEveryLength(task: regular, extracted: extracted)
            })
        // Compared on the task's inputs, which are never empty: the answer each gives the empty input
        // (the task's automaton has one, the extracted one has whatever its start cluster says) is set aside.
        let comparedExtracted = extracted.answeringNoEmptyInput()
        let comparedReference = reference.answeringNoEmptyInput()
        let word = comparedExtracted.shortestDisagreement(with: comparedReference)
        let disagreement = word.map { w in
            AutomatonExtractionResult.Disagreement(
                input: w.map { task.inputSymbols[$0] },
                extracted: extracted.output(for: w).map { task.outputSymbols[$0] },
                task: reference.output(for: w).map { task.outputSymbols[$0] },
                network: w.isEmpty ? nil : networkAnswer(w).map { task.outputSymbols[$0] })
        }
        return AutomatonExtractionResult(
            run: source.run, task: task.name, model: source.model, step: source.step,
            trainLength: source.trainLength, samples: settings.samples, heldOut: settings.heldOut,
            statesCollected: collected.rows, agreementThreshold: settings.agreement,
            features: settings.features.rawValue,
            probeDepth: settings.features == .behaviour ? settings.probeDepth : nil, clusters: chosen!.clusters,
            heldOutAgreement: chosen!.agreement, candidates: candidates, extracted: extracted, reference: reference,
            isomorphic: comparedExtracted.isIsomorphic(to: comparedReference), disagreement: disagreement,
            lengths: lengths,
            inputSymbols: task.inputSymbols, outputSymbols: task.outputSymbols, seconds: timings)
    }

    /// The network's class for one whole input (its own forward pass).
    private func networkAnswer(_ input: [Int]) -> Int? {
        let batch = Batch(
            batchSize: 1, inputLength: input.count, outputLength: 1, input: .tokens(input), target: .tokens([0]))
        return machine.withoutGradients { networkAnswers(batch, length: input.count) }.first
    }

    /// The network's class for each example of `batch` (its ordinary forward pass, no gradients
    /// recorded by the caller).
    private func networkAnswers(_ batch: Batch, length: Int) -> [Int] {
        let encoded = head.encode(batch, length: length)
        var context = ForwardContext.evaluation
        let logits = machine.logits(input: encoded.input, outputLength: 1, targets: nil, context: &context)
        return head.prediction(logits: logits, batch: encoded).ids
    }

    /// At every length the task can produce up to `maxLength`: `perLength` fresh strings, the
    /// network's answers (its ordinary forward pass), the extracted automaton's and the task's.
    private func agreementAtEveryLength(
        task: any RegularTask, extracted: MooreAutomaton
    ) -> [AutomatonExtractionResult.LengthAgreement] {
        let lengths = (1...settings.maxLength).filter { TaskBridge.isValid(task, length: $0) }
        let slots = MetricSlots<AutomatonExtractionResult.LengthAgreement>(count: lengths.count)
        machine.withoutGradients {
            Parallel.forEach(lengths.count) { i in
                let length = lengths[i]
                var rng = StepStreams.generator(seed: settings.seed, .extraction, Stream.comparison(length: length))
                let batch = task.sample(batchSize: settings.perLength, length: length, rng: &rng)
                let network = networkAnswers(batch, length: length)
                let inputs = batch.input.ids
                let n = batch.inputLength
                let truth = batch.target.ids
                var dfaNetwork = 0
                var dfaTask = 0
                var networkTask = 0
                for b in 0..<batch.batchSize {
                    let dfa = extracted.output(for: Array(inputs[(b * n)..<((b + 1) * n)]))
                    if dfa == network[b] { dfaNetwork += 1 }
                    if dfa == truth[b] { dfaTask += 1 }
                    if network[b] == truth[b] { networkTask += 1 }
                }
                let count = Double(batch.batchSize)
                slots.set(
                    i,
                    .init(
                        length: length, samples: batch.batchSize, automatonAndNetwork: Double(dfaNetwork) / count,
                        automatonAndTask: Double(dfaTask) / count, networkAndTask: Double(networkTask) / count))
            }
        }
        return slots.values.map { $0! }
    }
}
