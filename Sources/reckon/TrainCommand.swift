import ArgumentParser
import Foundation
import ReckonLab
import ReckonMachines

/// `reckon train`: train a machine on a task with short inputs, then evaluate every length.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a machine on short inputs, then measure accuracy at every length up to --eval-max-length.",
        discussion: "Defaults follow the reference protocol: \(d.steps) steps, batch \(d.batchSize), lengths uniform "
            + "in 1...40, Adam \(d.learningRate), clipping \(d.maxGradNorm), evaluation on 1...500 with "
            + "\(d.evalSamples) sequences per length; score = mean accuracy on lengths 41...500. Memory tasks use "
            + "their literature lengths instead (see `reckon tasks`: copy trains on 1...20 and evaluates to 120).\n\n"
            + "Run settings (each also --set name=value, and a sweep file's key of that name):\n"
            + RunSettingFlags.help)

    private static let d = RunRequest.defaults

    @Option(help: "Task name (see `reckon tasks`).") var task: String?
    @Option(help: "Machine name (see `reckon models`).") var model: String?
    @Option(
        help: ArgumentHelp(
            "Run one run of a protocol (demo | paper): its fixed settings, memory sizes and evaluation-time growth; "
                + "what you override is recorded as a deviation."))
    var `protocol`: String?
    @Option(
        name: .customLong("set"),
        help: "A machine or run setting, name=value (repeatable; see `reckon models` and the run settings above).")
    var settings: [String] = []
    @Option(name: .customLong("task-set"), help: "Task setting, name=value (repeatable; see `reckon tasks`).")
    var taskSettings: [String] = []
    @Option(help: "Run directory (default runs/<task>-<model>-s<seed>-<time>).") var out: String?
    @Option(help: "Continue the interrupted run in this directory.") var resume: String?
    @Flag(help: "Print only the summary.") var quiet = false
    @Argument(
        parsing: .allUnrecognized,
        help: ArgumentHelp(
            "Run settings as flags (--steps 1000, --batch-size 16, ...; listed above).", valueName: "run-setting"))
    var runSettingFlags: [String] = []

    func run() throws {
        let progress = Progress.automatic(quiet: quiet)
        let trainer: Trainer = try userErrors {
            let request = try self.request()
            if let resume {
                if out != nil {
                    throw LabError.invalidOption("--out cannot be combined with --resume (the run stays in \(resume))")
                }
                if `protocol` != nil {
                    throw LabError.invalidOption("--protocol starts a new run; a resumed run keeps its own")
                }
                return try Trainer.resume(
                    URL(fileURLWithPath: resume), requested: { try request.applied(to: $0) },
                    progress: progress)
            }
            return try Trainer.start(
                config: try request.newRun(), out: out.map { URL(fileURLWithPath: $0) },
                progress: progress)
        }
        let outcome = try userErrors { try trainer.run() }
        if outcome.interrupted { throw ExitCode(130) }
        if let divergence = outcome.divergence {
            FileHandle.standardError.write(Data("error: \(divergence)\n".utf8))
            throw ExitCode(Train.divergedExitCode)
        }
        if let s = outcome.summary {
            print(SummaryTable.render(s, evaluation: outcome.evaluation, folder: outcome.folder.url.path))
        }
    }

    /// Exit status of a run that diverged (README, "Exit codes"): not 2, since the flags were
    /// valid, and not 1, so scripts can tell a diverged run from a crash.
    static let divergedExitCode: Int32 = 3

    /// The flags as a request to the Lab: run-setting flags, then `--set`, then `--task-set`.
    func request() throws -> RunRequest {
        var r = RunRequest(task: task, model: model)
        r.protocolName = `protocol`
        r.overrides =
            try RunSettingFlags.parse(runSettingFlags)
            + SettingOverride.parse(settings, flag: "--set")
            + SettingOverride.parse(taskSettings, flag: "--task-set", prefix: SettingOverride.taskPrefix)
        return r
    }
}
