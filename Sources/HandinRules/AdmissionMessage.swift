/// What a student reads when a file is not admitted: what is wrong, why, and what to do instead.
/// One catalogue, so the rules speak alike.
enum AdmissionMessage {
    static func attribute(_ name: String) -> String {
        "`@\(name)` is not allowed: it names symbols, changes linking or reaches into the compiler, so it could "
            + "replace the grader's own code. Remove it; plain Swift declarations need no such attribute."
    }

    static func clientCodeAttribute(_ name: String) -> String {
        "`@\(name)` is not allowed: it copies your code into the code that calls it, where the grader cannot check which "
            + "of your declarations the tests use. Remove it; within your module the compiler optimises without it."
    }

    static let testable = "`@testable` is not allowed in a submission; write a plain `import` instead."

    static let sourceLocation =
        "`#sourceLocation` is not allowed: it makes the compiler report your code at other "
        + "files and lines. Remove it."

    static func rawIdentifier(_ name: String) -> String {
        "the name `\(name)` is not accepted in a submission: a name in backticks that a plain name could not spell can pass for another (`M.Type`); use letters, digits and `_`."
    }

    static func foreignOperand(_ name: String, _ type: String) -> String {
        "an operator of your type may take only your own types, not `\(type)`: `\(name)` would join the overloads the lesson's code and the tests use; write a method instead."
    }

    static let regexLiteral =
        "regular expression literals are not accepted in a submission: the grader's parser and the compiler read `/` differently, so the grader could not check the code around one."

    static func versionCondition(_ name: String) -> String {
        "`#if \(name)(…)` is not accepted in a submission: the compiler skips a clause it turns off without reading it, so the grader could not check what stands there."
    }

    static let macro = "declaring a macro is not allowed in a submission; write a function instead."

    /// A `deinit` that keeps `self` (in a global, or through a method it calls) leaves a reference
    /// to an object that no longer exists; the optimiser puts some objects on the stack, where no
    /// check sees it, and the reference then reads and writes the stack of the test.
    static let deinitializer =
        "a `deinit` is not allowed in a submission: code that runs while an object is destroyed can keep a reference "
        + "to it past its end. Release what you hold where you stop using it."

    static let operatorDeclaration = "declaring a new operator is not allowed in a submission; write a function with a name instead."

    static let precedenceGroup = "declaring a precedence group is not allowed in a submission; write a function with a name instead."

    static func globalOperator(_ name: String) -> String {
        "a global operator function `\(name)` is not allowed: it could change what `\(name)` means in the hidden tests. "
            + "Declare it as `static func \(name)` inside a type your files declare."
    }

    static func libraryName(_ name: String) -> String {
        "`\(name)` is a name the support library, the lesson's support code or a module already uses: yours would "
            + "take its place in the hidden tests. Give yours another name, or make it `private` to its file."
    }

    static func memberOfForeignType(_ member: String, _ type: String) -> String {
        "`\(member)` may not be added to `\(type)`, a type your files do not declare: Swift prefers a member of your "
            + "module to the library's, so it could change what the lesson's code and the hidden tests call, or what "
            + "their comparisons (`XCTAssertEqual`, `==`, `<`) mean. Write a function, or a type of your own, instead."
    }

    static func memberOfProtocolExtension(_ member: String, _ protocolName: String) -> String {
        "`\(member)` may not be defined in an extension of protocol `\(protocolName)`: it would reach every type that "
            + "conforms, also types your files do not declare. Define it inside each of your own types instead."
    }

    static func conformance(_ type: String, _ protocolName: String) -> String {
        "`\(type)` may not be made to conform to `\(protocolName)` here: your files do not declare `\(type)`, and the "
            + "conformance could change what the hidden tests' comparisons (`XCTAssertEqual`, `==`, `<`) mean. "
            + "Wrap it in a type of your own instead."
    }

    static func xctestName(_ name: String) -> String {
        "`\(name)` is named like XCTest's functions and types (they start with `XCT`): the hidden tests could use yours "
            + "instead of XCTest's. Rename it."
    }

    static func reservedName(_ name: String) -> String {
        "`\(name)` is a name the grader's test harness declares; give yours another name."
    }

    static func standardName(_ name: String) -> String {
        "a global `\(name)` would be used instead of the standard `\(name)` in the hidden tests; rename it, make it "
            + "`private` to its file, or make it a member of a type of your own."
    }

    static func rawMemory(_ name: String) -> String {
        "`\(name)` reaches memory through a pointer, which this lesson does not allow: through one, code can change "
            + "values it was only lent (the tests' own among them). Work on the values themselves instead."
    }

    static func underscoredName(_ name: String) -> String {
        "`\(name)`: graded code may not use names that start with `_` (the standard library's are its internals, "
            + "and some hand out pointers); if it is your own, rename it."
    }

    static let xctestImport =
        "XCTest may not be imported: a submission is the code under test, and the grader brings "
        + "the tests. Remove the import."

    static func importNotAllowed(_ module: String, allowed: Set<String>) -> String {
        "`\(module)` may not be imported; a submission may import only "
            + allowed.sorted().map { "`\($0)`" }.joined(separator: ", ") + "."
    }
}
