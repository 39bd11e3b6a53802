/// A dense row-major matrix of `Float`: half the memory of `Matrix`, for data sets, masks and
/// figures where single precision is enough. It converts to and from `Matrix`; its product is a
/// plain SIMD loop (the tuned kernel is `Matrix`'s, in double precision).
public struct FloatMatrix: Equatable, Sendable {
    /// The number of rows.
    public let rows: Int
    /// The number of columns.
    public let cols: Int
    /// All entries in row-major order.
    public private(set) var values: [Float]

    /// A `rows × cols` matrix filled with `value`.
    public init(rows: Int, cols: Int, repeating value: Float = 0) {
        require(rows >= 0 && cols >= 0, "a matrix needs non-negative dimensions, not \(rows)×\(cols)")
        self.rows = rows
        self.cols = cols
        values = [Float](repeating: value, count: rows * cols)
    }

    /// A matrix from row-major values; `values.count` must be `rows * cols`.
    public init(rows: Int, cols: Int, _ values: [Float]) {
        require(values.count == rows * cols, "\(values.count) values do not fill a \(rows)×\(cols) matrix")
        self.rows = rows
        self.cols = cols
        self.values = values
    }

    /// The nearest single-precision values of a `Matrix`.
    public init(_ matrix: Matrix) {
        self.init(rows: matrix.rows, cols: matrix.cols, matrix.values.map { Float($0) })
    }

    /// Back to double precision.
    public var doubles: Matrix { Matrix(rows: rows, cols: cols, values.map { Double($0) }) }

    /// "(rows×cols)", as shape errors print it.
    public var shape: String { "(\(rows)×\(cols))" }

    /// The entry at `row`, `col` (counted from 0); an index outside the shape stops the program.
    public subscript(row: Int, col: Int) -> Float {
        get {
            require(row >= 0 && row < rows && col >= 0 && col < cols, "index (\(row), \(col)) is outside \(shape)")
            return values[row * cols + col]
        }
        set {
            require(row >= 0 && row < rows && col >= 0 && col < cols, "index (\(row), \(col)) is outside \(shape)")
            values[row * cols + col] = newValue
        }
    }

    /// Applies `transform` to every entry.
    public func map(_ transform: (Float) -> Float) -> FloatMatrix { FloatMatrix(rows: rows, cols: cols, values.map(transform)) }

    /// The entrywise sum; the shapes must match.
    public static func + (a: FloatMatrix, b: FloatMatrix) -> FloatMatrix {
        require(a.rows == b.rows && a.cols == b.cols, "shape mismatch in +: \(a.shape) and \(b.shape)")
        return FloatMatrix(rows: a.rows, cols: a.cols, zip(a.values, b.values).map(+))
    }

    /// The entrywise difference; the shapes must match.
    public static func - (a: FloatMatrix, b: FloatMatrix) -> FloatMatrix {
        require(a.rows == b.rows && a.cols == b.cols, "shape mismatch in -: \(a.shape) and \(b.shape)")
        return FloatMatrix(rows: a.rows, cols: a.cols, zip(a.values, b.values).map(-))
    }

    /// Every entry multiplied by `s`.
    public static func * (s: Float, a: FloatMatrix) -> FloatMatrix { a.map { s * $0 } }

    /// The transpose, (cols × rows).
    public var transposed: FloatMatrix {
        var out = FloatMatrix(rows: cols, cols: rows)
        for r in 0..<rows { for c in 0..<cols { out.values[c * rows + r] = values[r * cols + c] } }
        return out
    }

    /// A·B, row by row (i-k-j order, sixteen lanes at a time).
    public static func * (a: FloatMatrix, b: FloatMatrix) -> FloatMatrix {
        require(a.cols == b.rows, "shape mismatch in matrix product: \(a.shape) · \(b.shape)")
        var out = FloatMatrix(rows: a.rows, cols: b.cols)
        let n = b.cols
        out.values.withUnsafeMutableBufferPointer { c in
            b.values.withUnsafeBufferPointer { bv in
                for i in 0..<a.rows {
                    let row = c.baseAddress! + i * n
                    for t in 0..<a.cols {
                        let s = a.values[i * a.cols + t]
                        let bRow = bv.baseAddress! + t * n
                        var j = 0
                        while j + 16 <= n {
                            let acc =
                                UnsafeRawPointer(row + j).loadUnaligned(as: SIMD16<Float>.self)
                                + SIMD16<Float>(repeating: s) * UnsafeRawPointer(bRow + j).loadUnaligned(as: SIMD16<Float>.self)
                            UnsafeMutableRawPointer(row + j).storeBytes(of: acc, as: SIMD16<Float>.self)
                            j += 16
                        }
                        while j < n { row[j] += s * bRow[j]; j += 1 }
                    }
                }
            }
        }
        return out
    }
}
