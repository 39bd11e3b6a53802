/// Points and their class labels, as the ``Datasets`` generators return them.
public struct LabeledData: Sendable {
    /// One sample per row.
    public var features: Matrix
    /// Class index per row, 0..<classes.
    public var labels: [Int]
    /// The number of classes.
    public var classes: Int
}

/// Small seeded synthetic data sets for classification: the same points on every machine for a seed.
public enum Datasets {
    /// `perClass` points around each of `classes` centers placed evenly on a circle of `radius`,
    /// with isotropic Gaussian noise of standard deviation `spread`, in `dimensions` ≥ 2.
    public static func gaussianBlobs(
        classes: Int, perClass: Int, dimensions: Int = 2, radius: Double = 3,
        spread: Double = 1, seed: UInt64
    ) -> LabeledData {
        require(classes >= 1 && perClass >= 1 && dimensions >= 2, "blobs need ≥ 1 class, ≥ 1 point and ≥ 2 dimensions")
        var rng = SeededGenerator(seed: seed)
        var features = Matrix(rows: classes * perClass, cols: dimensions)
        var labels: [Int] = []
        for c in 0..<classes {
            let angle = 2 * Double.pi * Double(c) / Double(classes)
            let center = [radius * libm_cos(angle), radius * libm_cos(angle - Double.pi / 2)]
            for p in 0..<perClass {
                let row = c * perClass + p
                for d in 0..<dimensions {
                    features[row, d] = (d < 2 ? center[d] : 0) + spread * rng.nextNormal()
                }
                labels.append(c)
            }
        }
        return LabeledData(features: features, labels: labels, classes: classes)
    }

    /// Two interleaved spirals (classes 0 and 1), `perClass` points each, `turns` turns, Gaussian noise.
    public static func twoSpirals(perClass: Int, turns: Double = 1.5, noise: Double = 0.1, seed: UInt64) -> LabeledData {
        require(perClass >= 1, "spirals need at least one point per class")
        var rng = SeededGenerator(seed: seed)
        var features = Matrix(rows: 2 * perClass, cols: 2)
        var labels: [Int] = []
        for c in 0..<2 {
            for p in 0..<perClass {
                let t = Double(p) / Double(max(1, perClass - 1))  // 0…1 along the arm
                let angle = 2 * Double.pi * turns * t + Double(c) * Double.pi
                let r = 0.2 + 2.8 * t
                let row = c * perClass + p
                features[row, 0] = r * libm_cos(angle) + noise * rng.nextNormal()
                features[row, 1] = r * libm_cos(angle - Double.pi / 2) + noise * rng.nextNormal()
                labels.append(c)
            }
        }
        return LabeledData(features: features, labels: labels, classes: 2)
    }
}
