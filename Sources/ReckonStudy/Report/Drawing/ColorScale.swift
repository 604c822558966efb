import Foundation

/// The heatmap's colors: a fixed sequential scale from a task's random baseline (light) to 1.0
/// (dark), whose lightness falls monotonically, so that it reads in grayscale too. The text on
/// a cell switches to white where the fill is dark.
public enum ColorScale {
    /// Anchor colors from light yellow to dark blue (viridis-like, lightness decreasing).
    static let stops: [(Double, Double, Double)] = [
        (0.992, 0.906, 0.145), (0.478, 0.820, 0.318), (0.133, 0.659, 0.518),
        (0.165, 0.471, 0.557), (0.255, 0.267, 0.529), (0.267, 0.004, 0.329),
    ]

    /// Where `value` lies between `baseline` and 1, clamped to [0, 1].
    public static func position(_ value: Double, baseline: Double) -> Double {
        guard value.isFinite else { return 0 }
        let low = Swift.min(baseline, 0.999)
        return Swift.min(1, Swift.max(0, (value - low) / (1 - low)))
    }

    /// The fill for `value`, as #rrggbb.
    public static func color(_ value: Double, baseline: Double) -> String {
        let t = position(value, baseline: baseline) * Double(stops.count - 1)
        let i = Swift.min(stops.count - 2, Int(t))
        let f = t - Double(i)
        let a = stops[i]
        let b = stops[i + 1]
        func channel(_ x: Double, _ y: Double) -> Int { Int(((x + (y - x) * f) * 255).rounded()) }
        return String(format: "#%02x%02x%02x", channel(a.0, b.0), channel(a.1, b.1), channel(a.2, b.2))
    }

    /// Relative luminance (sRGB) of a #rrggbb color.
    public static func luminance(_ hex: String) -> Double {
        let v = Int(hex.dropFirst(), radix: 16) ?? 0
        func linear(_ c: Int) -> Double {
            let s = Double(c) / 255
            return s <= 0.03928 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear((v >> 16) & 255) + 0.7152 * linear((v >> 8) & 255) + 0.0722 * linear(v & 255)
    }

    /// Black or white text, whichever contrasts more with the fill.
    public static func textColor(on fill: String) -> String { luminance(fill) > 0.18 ? "#000000" : "#ffffff" }
}
