import Foundation
import Testing

/// docs/ARCHITECTURE.md's machine recipe shows `gru`'s source: the block must be the file, so
/// the recipe compiles as written (it once showed a `GRUCell` type that did not exist).
@Suite struct RecipeTests {
    @Test func theMachineRecipeIsTheGRUSource() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let doc = try String(contentsOf: root.appendingPathComponent("docs/ARCHITECTURE.md"), encoding: .utf8)
        let source = try String(
            contentsOf: root.appendingPathComponent("Sources/ReckonMachines/Recurrent/GRUMachine.swift"),
            encoding: .utf8)
        let recipe = try #require(doc.range(of: "### … a machine"))
        let open = try #require(doc.range(of: "```swift\n", range: recipe.upperBound..<doc.endIndex))
        let close = try #require(doc.range(of: "\n   ```", range: open.upperBound..<doc.endIndex))
        let block = doc[open.upperBound..<close.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("   ") ? String($0.dropFirst(3)) : String($0) }.joined(separator: "\n")
        #expect(block + "\n" == source)
    }
}
