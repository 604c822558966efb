import Foundation

/// Where training and evaluation report progress: a live line on a terminal, plain
/// periodic lines otherwise, nothing with --quiet.
public final class Progress {
    public enum Style { case live, plain, quiet }
    public let style: Style
    private var lastLength = 0
    private let output: FileHandle

    public init(style: Style, output: FileHandle = .standardError) {
        self.style = style
        self.output = output
    }

    /// `live` when stderr is a terminal, `plain` otherwise.
    public static func automatic(quiet: Bool) -> Progress {
        if quiet { return Progress(style: .quiet) }
        return Progress(style: isatty(2) == 1 ? .live : .plain)
    }

    /// A status line: redrawn in place on a terminal; printed when `milestone` otherwise.
    public func update(_ line: String, milestone: Bool) {
        switch style {
        case .quiet: return
        case .live:
            let padded = line.count < lastLength ? line + String(repeating: " ", count: lastLength - line.count) : line
            lastLength = line.count
            write("\r" + padded)
        case .plain:
            if milestone { write(line + "\n") }
        }
    }

    /// Ends a live line (so the next output starts on a fresh line).
    public func finishLine() {
        if style == .live, lastLength > 0 {
            write("\n")
            lastLength = 0
        }
    }

    /// A message shown in every style but quiet.
    public func note(_ line: String) {
        guard style != .quiet else { return }
        finishLine()
        write(line + "\n")
    }

    /// A warning shown in every style, --quiet included: it says the results may be worthless.
    public func alert(_ line: String) {
        finishLine()
        write(line + "\n")
    }

    private func write(_ s: String) { output.write(Data(s.utf8)) }

    /// "1m23s"-style durations for ETAs.
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let s = Int(seconds.rounded())
        if s >= 3600 { return "\(s / 3600)h\(String(format: "%02d", (s % 3600) / 60))m" }
        if s >= 60 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        return "\(s)s"
    }
}
