import Foundation

/// A value built by whichever thread asks for it first; threads that ask meanwhile wait for that
/// build, and later ones get its result (or its error) without building again.
package final class BuildOnce<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<Value, Error>?
    private let build: () throws -> Value

    package init(_ build: @escaping () throws -> Value) { self.build = build }

    package func value() throws -> Value {
        try lock.withLock {
            if result == nil { result = Result { try build() } }
            return try result!.get()
        }
    }
}
