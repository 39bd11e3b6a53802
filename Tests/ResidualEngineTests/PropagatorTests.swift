import ResidualEngine
import ResidualPropagators
import XCTest

/// The Crank–Nicolson step and the tridiagonal solver against SciPy's expm and NumPy's solve.
final class PropagatorTests: XCTestCase {
    func testGridHamiltonianAndOneStepAgainstSciPy() throws {
        let f = try Fixture.load("expm_propagator.json")
        let dx = try XCTUnwrap(f["dx"] as? Double), dt = try XCTUnwrap(f["dt"] as? Double)
        let h = GridHamiltonian(potential: try Fixture.vector(f["potential"]), spacing: dx)
        XCTAssertLessThan(maxRelativeError(h.diagonal, try Fixture.vector(f["h_diagonal"])), 1e-14)
        XCTAssertEqual(h.offDiagonal, try Fixture.vector(f["h_offdiagonal"])[0], accuracy: 1e-14)

        let psi0 = ComplexVector.make(real: try Fixture.vector(f["psi0_real"]), imaginary: try Fixture.vector(f["psi0_imag"]))
        let cn = CrankNicolson(hamiltonian: h, timeStep: dt).step(psi0)
        XCTAssertLessThan(maxRelativeError(cn.map(\.real), try Fixture.vector(f["crank_nicolson_real"])), 1e-12)
        XCTAssertLessThan(maxRelativeError(cn.map(\.imaginary), try Fixture.vector(f["crank_nicolson_imag"])), 1e-12)

        // Crank–Nicolson keeps the norm to round-off; the exact propagator agrees to O(dt³) per step.
        XCTAssertEqual(ComplexVector.normSquared(cn, weight: dx), ComplexVector.normSquared(psi0, weight: dx), accuracy: 1e-13)
        let exactReal = try Fixture.vector(f["exact_real"]), exactImag = try Fixture.vector(f["exact_imag"])
        let error = zip(cn, zip(exactReal, exactImag)).map { ($0.real - $1.0) * ($0.real - $1.0) + ($0.imaginary - $1.1) * ($0.imaginary - $1.1) }
        XCTAssertLessThan(error.reduce(0, +).squareRoot(), 1e-3)
    }

    func testManyStepsAgainstSciPy() throws {
        let f = try Fixture.load("expm_propagator.json")
        let dx = try XCTUnwrap(f["dx"] as? Double), dt = try XCTUnwrap(f["dt"] as? Double)
        let stepper = CrankNicolson(hamiltonian: GridHamiltonian(potential: try Fixture.vector(f["potential"]), spacing: dx), timeStep: dt)
        let expected = try XCTUnwrap(f["crank_nicolson_steps"] as? [String: Any])
        var psi = ComplexVector.make(real: try Fixture.vector(f["psi0_real"]), imaginary: try Fixture.vector(f["psi0_imag"]))
        for _ in 0..<(try XCTUnwrap(expected["steps"] as? Int)) { psi = stepper.step(psi) }
        XCTAssertLessThan(maxRelativeError(psi.map(\.real), try Fixture.vector(expected["real"])), 1e-11)
        XCTAssertLessThan(maxRelativeError(psi.map(\.imaginary), try Fixture.vector(expected["imag"])), 1e-11)
    }

    func testTridiagonalSolveOnRandomSystems() {
        var rng = SeededGenerator(seed: 21)
        for n in [1, 2, 5, 100] {
            func c() -> Complex { Complex(rng.nextNormal(), rng.nextNormal()) }
            let lower = (0..<max(0, n - 1)).map { _ in c() }, upper = (0..<max(0, n - 1)).map { _ in c() }
            let diagonal = (0..<n).map { _ in Complex(6, 0) + c() }  // diagonally dominant
            let a = ComplexTridiagonal(lower: lower, diagonal: diagonal, upper: upper)
            let x = (0..<n).map { _ in c() }
            let solved = a.solve(a.multiplied(by: x))
            for (s, e) in zip(solved, x) { XCTAssertEqual((s - e).length, 0, accuracy: 1e-12) }
        }
    }

    func testComplexArithmetic() {
        let a = Complex(1, 2), b = Complex(3, -1)
        XCTAssertEqual(a * b, Complex(5, 5))
        XCTAssertEqual(((a / b) * b - a).length, 0, accuracy: 1e-15)
        XCTAssertEqual(a.conjugate, Complex(1, -2))
        XCTAssertEqual(Complex.i * Complex.i, Complex(-1, 0))
        XCTAssertEqual(ComplexVector.inner([a], [a]), Complex(5, 0))
    }
}
