import ArgumentParser
import Foundation
import ReckonSupport

/// Prints a user error as one line on stderr and exits with code 2 (the project's rule
/// for mistakes a user can make: unknown names, bad values, unusable files).
func failUser(_ error: Error) -> ExitCode {
    FileHandle.standardError.write(Data("error: \(message(error))\n".utf8))
    return ExitCode(2)
}

/// The error's one line. Reckon's typed errors describe themselves; a Foundation or decoding error that
/// reaches here is put in words (`SystemErrorText`, `JSONErrorText`) rather than printed raw.
func message(_ error: Error) -> String {
    error is DecodingError ? JSONErrorText.reason(error) : SystemErrorText.reason(error)
}

/// Runs `body`, turning the library's typed user errors into exit code 2.
func userErrors<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as ExitCode { throw e } catch { throw failUser(error) }
}
