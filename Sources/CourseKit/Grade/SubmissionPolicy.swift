/// Declarations a submission may not make, because they could change what the hidden tests mean:
/// its module is imported into the test files, so a non-generic `XCTAssertEqual`, a global `abs`
/// or an `==` on arrays would be picked over XCTest's and the standard library's. And it is linked
/// into the test runner, where a symbol it defines by name (`@_silgen_name`, `@_cdecl`, `@c`) would
/// win over the same symbol in XCTest or the C library: an assertion or `exit` replaced at link time.
enum SubmissionPolicy {
    static let mathNames = ["abs", "min", "max", "pow", "exp", "log", "log2", "log10", "sqrt", "sin", "cos", "tan",
                            "floor", "ceil", "round", "hypot", "fabs", "isnan", "isfinite"]
    static let standardTypes = ["Array", "ContiguousArray", "ArraySlice", "Double", "Float", "Int", "String", "Bool",
                                "Optional", "Dictionary", "Set", "Collection", "Sequence", "RandomAccessCollection",
                                "Equatable", "Comparable", "Numeric", "FloatingPoint", "BinaryFloatingPoint", "BinaryInteger"]

    /// One message per forbidden declaration, with the file and line.
    static func violations(in files: [String: String]) -> [String] {
        var found: [String] = []
        // Built once: a regex is compiled on first use by each instance, so one written inside the
        // loop below would be compiled again for every line.
        let operatorFunc = /\bfunc\s*(==|!=|<=|>=|<|>|\+|-|\*|\/|\.\.<|\.\.\.|~=)\s*[(<]/
        let stdlibExtension = try! Regex("^\\s*extension\\s+(Swift\\.)?(" + standardTypes.joined(separator: "|") + ")\\b")
        let globalMath = try! Regex("^(public\\s+|internal\\s+)?func\\s+(" + mathNames.joined(separator: "|") + ")\\s*[(<]")
        let assertion = /\bfunc\s+XCT\w*/, operatorDeclaration = /\b(prefix|infix|postfix)\s+operator\b/
        let underscored = /@_[A-Za-z]\w*/, symbolNaming = /@c\b(?!\.)/
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            var inStandardExtension = false
            var depth = 0
            for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = rawLine.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
                let at = "\(path):\(index + 1)"
                let declaresFunction = line.contains("func")
                if (declaresFunction && line.contains(assertion)) || (line.contains("operator") && line.contains(operatorDeclaration)) {
                    found.append("\(at): declares a test assertion or operator; submissions may not (rename it)")
                }
                if line.contains("@") && (line.contains(underscored) || line.contains(symbolNaming)) {
                    found.append("\(at): uses an underscored or symbol-naming attribute (@_silgen_name, @_cdecl, @c, …); submissions may not")
                }
                if declaresFunction && line.firstMatch(of: globalMath) != nil {
                    found.append("\(at): declares a global function named like a standard math function; give it another name")
                }
                if depth == 0 && line.contains("extension") && line.firstMatch(of: stdlibExtension) != nil { inStandardExtension = true }
                if declaresFunction && line.contains(operatorFunc) && (depth == 0 || inStandardExtension) {
                    found.append("\(at): defines an operator for a standard type; submissions may not change what ==, < or + mean there")
                }
                depth += line.filter { $0 == "{" }.count - line.filter { $0 == "}" }.count
                if depth <= 0 { depth = 0; inStandardExtension = false }
            }
        }
        return found
    }
}
