import Foundation

extension Array {
    /// `transform` over the elements, at most `width` at a time, results in order; the first
    /// error (by element order) is rethrown after every element has finished.
    ///
    /// The caller vouches that `transform` may run on several threads at once (each element's
    /// work touches only its own files and values); that is why it need not be `@Sendable`.
    package func parallelMap<T>(width: Int, _ transform: (Element) throws -> T) throws -> [T] {
        try withoutActuallyEscaping(transform) { transform in
            let work = UncheckedWork(elements: self, transform: transform)
            let next = NextIndex()
            DispatchQueue.concurrentPerform(iterations: Swift.max(1, Swift.min(width, count))) { _ in
                while let index = next.take(below: work.elements.count) { work.run(index) }
            }
            return try work.results.map { try $0!.get() }
        }
    }
}

extension Array {
    /// `parallelMap` that starts the elements in `order` (indices of this array, each once: the
    /// longest job first, say) and returns the results in the array's own order.
    package func parallelMap<T>(width: Int, startingIn order: [Int], _ transform: (Element) throws -> T) throws -> [T] {
        precondition(order.sorted() == [Int](indices), "order must name every index once")
        let started = try order.parallelMap(width: width) { try transform(self[$0]) }
        var results = [T?](repeating: nil, count: count)
        for (position, index) in order.enumerated() { results[index] = started[position] }
        return results.map { $0! }
    }

    /// The non-throwing form: `transform` cannot fail, so neither can the map.
    package func parallelMap<T>(width: Int, _ transform: (Element) -> T) -> [T] {
        // Only `transform`'s errors are rethrown, and it has none.
        try! parallelMap(width: width) { (element: Element) throws -> T in transform(element) }
    }
}

/// The elements, the transform and the result slots, shared by the worker threads.
private final class UncheckedWork<Element, T>: @unchecked Sendable {
    let elements: [Element]
    let transform: (Element) throws -> T
    private let lock = NSLock()
    private(set) var results: [Result<T, Error>?]

    init(elements: [Element], transform: @escaping (Element) throws -> T) {
        self.elements = elements
        self.transform = transform
        results = Array(repeating: nil, count: elements.count)
    }

    func run(_ index: Int) {
        let result = Result { try transform(elements[index]) }
        lock.lock(); results[index] = result; lock.unlock()
    }
}

/// Hands out 0, 1, 2, … to worker threads.
final class NextIndex: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func take(below limit: Int) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}
