import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The system's reason for a failed file operation, in one line: `strerror` of the POSIX error under a
/// Foundation error, rather than its "The operation could not be completed. (NSCocoaErrorDomain error
/// 256.)" or its UserInfo dump.
public enum SystemErrorText {
    /// "No such file or directory", "Permission denied", "Is a directory", ...
    public static func reason(_ error: any Error) -> String {
        // Reckon's own errors say what they mean.
        if !(error is CocoaError), !(error is POSIXError), !(type(of: error) is NSError.Type) {
            return oneLine("\(error)")
        }
        let ns = error as NSError
        if let posix = ns.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        if ns.domain == NSCocoaErrorDomain {
            switch ns.code {
            case NSFileReadNoSuchFileError, NSFileNoSuchFileError: return "it does not exist"
            case NSFileReadNoPermissionError, NSFileWriteNoPermissionError: return "permission denied"
            case NSFileWriteFileExistsError: return "a file of that name already exists"
            case NSFileReadInapplicableStringEncodingError: return "it is not UTF-8 text"
            default: break
            }
        }
        return oneLine(ns.localizedDescription)
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
