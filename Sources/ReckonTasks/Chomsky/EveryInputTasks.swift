// The Chomsky tasks whose `solve` answers any string over their symbols (`acceptsEveryInput`),
// gathered here so the list is read in one place: each maps a string to its answer without
// assuming the shape its generator gives (the others parse expressions, operands or programs).

extension ParityCheck { public var acceptsEveryInput: Bool { true } }
extension EvenPairs { public var acceptsEveryInput: Bool { true } }
extension CycleNavigation { public var acceptsEveryInput: Bool { true } }
extension ReverseString { public var acceptsEveryInput: Bool { true } }
extension DuplicateString { public var acceptsEveryInput: Bool { true } }
extension OddsFirst { public var acceptsEveryInput: Bool { true } }
extension BucketSort { public var acceptsEveryInput: Bool { true } }
