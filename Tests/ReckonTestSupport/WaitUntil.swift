import Foundation

/// Polls `condition` every `interval` seconds until it holds or `timeout` seconds pass, and says
/// whether it held. The one poll loop of the suites: a timeout here is a bound only a hang reaches,
/// never a claim about speed.
public func waitUntil(
    timeout: TimeInterval, interval: TimeInterval = 0.02, _ condition: () throws -> Bool
) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
        if try condition() { return true }
        if Date() >= deadline { return false }
        Thread.sleep(forTimeInterval: interval)
    }
}
