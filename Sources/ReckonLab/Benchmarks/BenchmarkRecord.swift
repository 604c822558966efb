import Foundation

/// One benchmark measurement, printed as a single JSON object per line.
public struct BenchmarkRecord {
    public var name: String
    public var fields: [(String, Any)]

    public init(name: String, _ fields: [(String, Any)]) {
        self.name = name
        self.fields = fields
    }

    /// `{"name": ..., field: value, ...}` with fields in the given order.
    public func jsonLine() -> String {
        var parts = ["\"name\": \(BenchmarkRecord.json(name))"]
        for (k, v) in fields { parts.append("\(BenchmarkRecord.json(k)): \(BenchmarkRecord.json(v))") }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    static func json(_ v: Any) -> String {
        switch v {
        case let s as String:
            let data = try! JSONSerialization.data(withJSONObject: [s], options: [.fragmentsAllowed])
            let arr = String(decoding: data, as: UTF8.self)
            return String(arr.dropFirst().dropLast())
        case let d as Double: return d.isFinite ? String(format: "%.6g", d) : "null"
        case let f as Float: return json(Double(f))
        case let i as Int: return String(i)
        case let b as Bool: return b ? "true" : "false"
        default: return json(String(describing: v))
        }
    }
}

/// Wall-clock timing helpers for benchmarks (never used in tests).
public enum Stopwatch {
    /// Seconds since an arbitrary origin, monotonic.
    public static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// Runs `body` repeatedly for at least `seconds` after `warmup` runs; returns seconds per run.
    public static func measure(seconds: Double, warmup: Int = 2, _ body: () -> Void) -> Double {
        for _ in 0..<warmup { body() }
        var runs = 0
        let start = now()
        var elapsed = 0.0
        repeat {
            body()
            runs += 1
            elapsed = now() - start
        } while elapsed < seconds
        return elapsed / Double(runs)
    }
}
