/// A dense row-major matrix of `Double`, stored in a 64-byte-aligned buffer with copy-on-write.
public struct Matrix: Equatable, CustomStringConvertible, @unchecked Sendable {
    /// The number of rows.
    public let rows: Int
    /// The number of columns.
    public let cols: Int
    @usableFromInline var storage: AlignedStorage

    /// A `rows × cols` matrix filled with `value`.
    public init(rows: Int, cols: Int, repeating value: Double = 0) {
        require(rows >= 0 && cols >= 0, "a matrix needs non-negative dimensions, not \(rows)×\(cols)")
        self.rows = rows
        self.cols = cols
        storage = AlignedStorage(count: rows * cols, repeating: value)
    }

    /// A matrix whose entries the caller writes before reading (the products fill every entry).
    init(uninitializedRows rows: Int, cols: Int) {
        self.rows = rows
        self.cols = cols
        storage = AlignedStorage(uninitializedCount: rows * cols)
    }

    /// A matrix from row-major values; `values.count` must be `rows * cols`.
    public init(rows: Int, cols: Int, _ values: [Double]) {
        require(values.count == rows * cols, "\(values.count) values do not fill a \(rows)×\(cols) matrix")
        self.init(rows: rows, cols: cols)
        values.withUnsafeBufferPointer { storage.pointer.update(from: $0.baseAddress!, count: values.count) }
    }

    /// A matrix from nested rows, all of one length.
    public init(_ rowArrays: [[Double]]) {
        let cols = rowArrays.first?.count ?? 0
        require(rowArrays.allSatisfy { $0.count == cols }, "rows of different lengths do not make a matrix")
        self.init(rows: rowArrays.count, cols: cols, rowArrays.flatMap { $0 })
    }

    /// The identity matrix of size n.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, cols: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    /// Entries drawn from a normal distribution with the given mean and standard deviation.
    public static func random<G: RandomNumberGenerator>(
        rows: Int, cols: Int, mean: Double = 0, std: Double = 1,
        using generator: inout G
    ) -> Matrix {
        let m = Matrix(rows: rows, cols: cols)
        // One cast for the whole matrix: through the generic `nextNormal()` every entry would pay
        // for its cast to `SeededGenerator` (five times the cost of the sample itself).
        if var seeded = generator as? SeededGenerator {
            for i in 0..<m.count { m.storage.pointer[i] = mean + std * seeded.nextNormal() }
            generator = seeded as! G
        } else {
            for i in 0..<m.count { m.storage.pointer[i] = mean + std * generator.nextNormal() }
        }
        return m
    }

    /// The number of entries, rows × cols.
    public var count: Int { rows * cols }
    /// "(rows×cols)", as shape errors print it.
    public var shape: String { "(\(rows)×\(cols))" }

    /// The entry at `row`, `col` (counted from 0); an index outside the shape stops the program.
    @inlinable public subscript(row: Int, col: Int) -> Double {
        get {
            require(row >= 0 && row < rows && col >= 0 && col < cols, "index (\(row), \(col)) is outside \(shape)")
            return storage.pointer[row * cols + col]
        }
        set {
            require(row >= 0 && row < rows && col >= 0 && col < cols, "index (\(row), \(col)) is outside \(shape)")
            makeUnique()
            storage.pointer[row * cols + col] = newValue
        }
    }

    /// All entries in row-major order, as a new array each time it is read: to read entries one by
    /// one in a loop, use the subscript `m[i, j]` (or read `values` once into a local).
    public var values: [Double] { Array(UnsafeBufferPointer(start: storage.pointer, count: count)) }

    /// One row as an array.
    public func row(_ i: Int) -> [Double] {
        require(i >= 0 && i < rows, "row \(i) is outside \(shape)")
        return Array(UnsafeBufferPointer(start: storage.pointer + i * cols, count: cols))
    }

    /// Read-only access to the row-major buffer.
    @inlinable public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.pointer, count: count))
    }

    /// Mutable access to the row-major buffer.
    @inlinable public mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Double>) throws -> R) rethrows -> R {
        makeUnique()
        return try body(UnsafeMutableBufferPointer(start: storage.pointer, count: count))
    }

    @inlinable mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    /// The same shape and every entry equal (as `Double`s compare: a NaN entry is never equal).
    public static func == (lhs: Matrix, rhs: Matrix) -> Bool {
        lhs.rows == rhs.rows && lhs.cols == rhs.cols
            && (0..<lhs.count).allSatisfy { lhs.storage.pointer[$0] == rhs.storage.pointer[$0] }
    }

    /// The rows, one per line, entries separated by spaces.
    public var description: String {
        (0..<rows).map { r in row(r).map { String($0) }.joined(separator: " ") }.joined(separator: "\n")
    }
}

/// A 64-byte-aligned buffer of doubles (aligned loads help the SIMD kernels by up to 15%).
@usableFromInline final class AlignedStorage: @unchecked Sendable {
    @usableFromInline let pointer: UnsafeMutablePointer<Double>
    @usableFromInline let count: Int

    @usableFromInline init(count: Int, repeating value: Double = 0) {
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * MemoryLayout<Double>.stride, alignment: 64)
        pointer = raw.bindMemory(to: Double.self, capacity: max(1, count))
        pointer.initialize(repeating: value, count: count)
        MemoryInUse.matrixAllocated()
    }

    init(uninitializedCount count: Int) {
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * MemoryLayout<Double>.stride, alignment: 64)
        pointer = raw.bindMemory(to: Double.self, capacity: max(1, count))
        MemoryInUse.matrixAllocated()
    }

    @usableFromInline func copy() -> AlignedStorage {
        let other = AlignedStorage(count: count)
        other.pointer.update(from: pointer, count: count)
        return other
    }

    deinit {
        UnsafeMutableRawPointer(pointer).deallocate()
    }
}
