import Foundation

/// Maps a positive data interval onto a pixel interval logarithmically (base 10), and chooses ticks at
/// powers of ten (with 2× and 5× between them when the domain spans few decades). Grokking curves need it:
/// memorization comes in hundreds of steps and generalization in thousands (Power et al. 2022, Fig. 1).
public struct LogScale: Sendable, Equatable {
    public var domain: ClosedRange<Double>
    public var range: ClosedRange<Double>
    /// Whether the pixel axis runs backwards (SVG's y grows downwards).
    public var flipped: Bool

    /// The smallest value a log axis shows: zeros and negatives have no place on it.
    static let smallest = 1e-12

    public init(domain: ClosedRange<Double>, range: ClosedRange<Double>, flipped: Bool = false) {
        let low = Swift.max(domain.lowerBound, Self.smallest)
        let high = Swift.max(domain.upperBound, low)
        // A single value is widened to a decade around it, so that it still maps somewhere sensible.
        self.domain = low < high ? low...high : (low / 10.0.squareRoot())...(high * 10.0.squareRoot())
        self.range = range
        self.flipped = flipped
    }

    /// The pixel position of `value` (values outside the domain map outside the range; values ≤ 0 at
    /// the domain's floor).
    public func callAsFunction(_ value: Double) -> Double {
        let lo = log10(domain.lowerBound)
        let t = (log10(Swift.max(value, Self.smallest)) - lo) / (log10(domain.upperBound) - lo)
        let u = flipped ? 1 - t : t
        return range.lowerBound + u * (range.upperBound - range.lowerBound)
    }

    /// Powers of ten inside the domain; 1, 2 and 5 times them when fewer than three powers fall inside;
    /// the domain's ends when not even those do.
    public func ticks() -> [Double] {
        let first = Int(floor(log10(domain.lowerBound)))
        let last = Int(ceil(log10(domain.upperBound)))
        let low = domain.lowerBound * (1 - 1e-9)
        let high = domain.upperBound * (1 + 1e-9)
        func inside(_ multiples: [Double]) -> [Double] {
            var out: [Double] = []
            for k in first...last {
                for multiple in multiples {
                    let raw: Double = multiple * pow(10, Double(k))
                    // Through 12 significant digits, so 2 × 10⁻³ is 0.002 and not 0.0020000000000000005.
                    let t = Double(String(format: "%.12g", raw)) ?? raw
                    if t >= low && t <= high { out.append(t) }
                }
            }
            return out
        }
        let decades = inside([1])
        if decades.count >= 3 { return decades }
        let finer = inside([1, 2, 5])
        return finer.count >= 2 ? finer : [domain.lowerBound, domain.upperBound]
    }

    /// A tick's label: whole numbers as `LinearScale` writes them (20k, 1M), fractions in as few digits
    /// as they need (0.01, 2e-05).
    public static func label(_ value: Double) -> String {
        if value >= 1 && abs(value - value.rounded()) < 1e-9 { return LinearScale.label(value, step: 1) }
        return value >= 1e-3 ? String(format: "%.3g", value) : String(format: "%.0e", value)
    }
}
