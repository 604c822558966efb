import Foundation

/// Maps a data interval onto a pixel interval, and chooses round tick values.
public struct LinearScale: Sendable, Equatable {
    public var domain: ClosedRange<Double>
    public var range: ClosedRange<Double>
    /// Whether the pixel axis runs backwards (SVG's y grows downwards).
    public var flipped: Bool

    public init(domain: ClosedRange<Double>, range: ClosedRange<Double>, flipped: Bool = false) {
        // A degenerate domain (one value) is widened so that it still maps somewhere sensible.
        self.domain =
            domain.lowerBound < domain.upperBound ? domain : (domain.lowerBound - 0.5)...(domain.upperBound + 0.5)
        self.range = range
        self.flipped = flipped
    }

    /// The pixel position of `value` (values outside the domain map outside the range).
    public func callAsFunction(_ value: Double) -> Double {
        let t = (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound)
        let u = flipped ? 1 - t : t
        return range.lowerBound + u * (range.upperBound - range.lowerBound)
    }

    /// About `count` round values inside the domain: steps of 1, 2 or 5 times a power of ten.
    public func ticks(_ count: Int = 5) -> [Double] {
        let span = domain.upperBound - domain.lowerBound
        guard span > 0, count > 0 else { return [domain.lowerBound] }
        let raw = span / Double(count)
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let first = ceil(domain.lowerBound / step - 1e-9)
        var out: [Double] = []
        var i = 0.0
        while (first + i) * step <= domain.upperBound + step * 1e-9 {
            // Through 12 significant digits, so 3 × 0.2 is 0.6 and not 0.6000000000000001.
            let t = Double(String(format: "%.12g", (first + i) * step)) ?? (first + i) * step
            out.append(t == 0 ? 0 : t)
            i += 1
        }
        return out
    }

    /// A tick's label: integers without decimals, others with the decimals the step needs.
    public static func label(_ value: Double, step: Double) -> String {
        if abs(value - value.rounded()) < 1e-9 && step >= 1 {
            let v = Int(value.rounded())
            return abs(v) >= 10_000
                ? (abs(v) >= 1_000_000 ? "\(svg(Double(v) / 1e6))M" : "\(svg(Double(v) / 1e3))k") : String(v)
        }
        let decimals = Swift.max(0, Int(ceil(-log10(step))))
        return String(format: "%.\(decimals)f", value)
    }
}
