import Foundation

/// The allow-lists `ObjectAdmission` checks against, learned from the objects swiftc writes for
/// the course's lessons (`-Onone` and `-O -wmo`, library evolution), and the categories its
/// messages name. Anything not allowed here is refused unless a trusted object uses it too.
package enum AdmissionLists {
    /// Sections swiftc emits under exactly these names.
    static let sections: Set<String> = [
        "", ".text", ".data", ".bss", ".rodata", ".eh_frame", ".strtab", ".symtab", ".note.GNU-stack",
        ".linker-options", ".swift1_autolink_entries", ".swift_modhash",
        "swift5_typeref", "swift5_reflstr", "swift5_fieldmd", "swift5_assocty", "swift5_builtin", "swift5_capture",
        "swift5_mpenum", "swift5_protocols", "swift5_protocol_conformances", "swift5_type_metadata"
    ]
    /// Section families that swiftc names `<base>.<symbol>` (one section per function or constant).
    static let sectionFamilies = [".text", ".data", ".bss", ".rodata"]

    /// Sections whose contents the loader runs (constructors, destructors, `_init`/`_fini` pieces).
    static func runsAtLoadOrExit(_ section: ObjectFile.Section) -> Bool {
        // SHT_INIT_ARRAY, SHT_FINI_ARRAY, SHT_PREINIT_ARRAY
        if (14...16).contains(section.type) { return true }
        var name = section.name
        for prefix in [".rela", ".rel"] where name.hasPrefix(prefix) {
            name = String(name.dropFirst(prefix.count))
            break
        }
        return [".init_array", ".preinit_array", ".fini_array", ".ctors", ".dtors", ".init", ".fini"]
            .contains { name == $0 || name.hasPrefix($0 + ".") }
    }

    /// Whether swiftc emits a section of this name (relocations for it included).
    static func isCompilerSection(_ name: String) -> Bool {
        var base = name
        if base.hasPrefix(".rela") { base = String(base.dropFirst(5)) }
        if base != name && !base.hasPrefix(".") && !base.hasPrefix("swift5_") { return false }
        return sections.contains(base) || sectionFamilies.contains { base.hasPrefix($0 + ".") }
    }

    /// libm functions a numeric course calls (Foundation and Glibc re-export them).
    static let mathFunctions: Set<String> = {
        let names = [
            "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "cbrt", "ceil", "copysign", "cos", "cosh",
            "erf", "erfc", "exp", "exp2", "expm1", "fabs", "fdim", "floor", "fma", "fmax", "fmin", "fmod", "frexp",
            "hypot", "ilogb", "ldexp", "lgamma", "log", "log10", "log1p", "log2", "logb", "lrint", "lround",
            "modf", "nearbyint", "nextafter", "pow", "remainder", "rint", "round", "scalbn", "sin", "sinh",
            "sqrt", "tan", "tanh", "tgamma", "trunc", "sincos", "exp10"
        ]
        return Set(names + names.map { $0 + "f" } + names.map { $0 + "l" })
    }()

    /// What compilers call behind the code's back.
    static let compilerHelpers: Set<String> = [
        "memcpy", "memmove", "memset", "bzero", "memcmp", "__stack_chk_fail", "malloc_usable_size",
        "_GLOBAL_OFFSET_TABLE_", "__dso_handle"
    ]

    /// Swift runtime entry points that are the runtime's own but reach what lessons may not:
    /// reflection, type lookup by name, and starting tasks (each task may run on a new thread).
    static let refusedRuntimePrefixes: [(prefix: String, category: String)] = [
        ("swift_reflectionMirror", "reflection"), ("swift_getTypeByMangledNameInEnvironment", "reflection"),
        ("swift_getTypeName", "reflection"), ("swift_getFieldAt", "reflection"),
        ("swift_task_create", "threads"), ("swift_task_enqueue", "threads"), ("swift_asyncLet", "threads"),
        ("swift_taskGroup", "threads"), ("swift_job", "threads"), ("swift_task_startOnMainActor", "threads"),
        ("swift_task_immediate", "threads"), ("swift_stdlib_getEnv", "process and file APIs")
    ]

    /// Standard-library names (mangled) lessons may not use although the rest of `Swift` is allowed.
    static let refusedStandardLibrary: [(fragment: String, category: String)] = [
        ("6Mirror", "reflection"), ("4dump", "reflection"), ("TypeByName", "reflection"), ("typeByName", "reflection"),
        ("TypeByMangledName", "reflection"), ("_forEachField", "reflection"), ("11CommandLine", "process and file APIs"),
        ("8readLine", "process and file APIs"), ("14_getTypeByName", "reflection"),
        // C variadic arguments: a format string reads them as the C types it names, so
        // `String(format: "%s", address)` reads memory at any integer (`ObjectIdentifier` gives
        // addresses). Every way to pass one uses a `CVarArg` conformance or a `CVaListPointer`.
        ("7CVarArg", "pointers"), ("14CVaListPointer", "pointers")
    ]

    /// Foundation API a lesson may use, as mangled prefixes in both the `Foundation` and the
    /// `FoundationEssentials` spelling: clocks, character sets, and what Foundation adds to
    /// `String` and `StringProtocol` (`contains`, `range(of:)`, `components`, `String.Encoding`,
    /// …), which every exercise file that imports Foundation reaches for ordinary string code.
    /// A name among them that falls in a refused category (`String(contentsOfFile:)`,
    /// `write(toFile:atomically:…)`) stays refused.
    static let foundation: [String] = [
        "$sSS10FoundationE", "$sSS20FoundationEssentialsE", "$sSy10FoundationE", "$sSy20FoundationEssentialsE",
        "$s10Foundation4DateV", "$s20FoundationEssentials4DateV",
        "$s10Foundation12CharacterSetV", "$s20FoundationEssentials12CharacterSetV"
    ]

    /// The category of names that fall in no refused one.
    static let otherAPI = "an API outside the allowed list"

    /// What a student can do instead of a call of `category` (a refusal that only said "may not
    /// call" left them guessing, a review of the hand-in tool found).
    static func advice(for category: String) -> String {
        switch category {
        case "threads": return "compute on the calling thread (graded code runs on one thread unless the lesson allows threads)"
        case "process and file APIs": return "graded code reads no files and starts no processes; take what it needs as parameters"
        case "reflection": return "read the values' own properties instead"
        case "pointers": return "format with string interpolation (`\\(x)`) and index arrays instead of reaching their memory"
        case "dynamic loading": return "call the code directly"
        case "system calls and C library": return "use the Swift standard library (Foundation's math functions are allowed)"
        default: return "use the Swift standard library or the course's library instead"
        }
    }

    /// Toolchain modules other than the standard library, whose extensions of standard types are
    /// theirs; with them the grader's test harness (`CourseHarness`), which extends `Double`, `Array`, ….
    static let toolchainModules: Set<String> = [
        "CourseHarness", "Foundation", "FoundationEssentials", "FoundationInternationalization", "FoundationNetworking", "FoundationXML",
        "Dispatch", "XCTest", "Testing", "Glibc", "_Concurrency", "Synchronization", "Distributed", "Observation",
        "RegexBuilder", "_StringProcessing", "_RegexParser", "Cxx", "CxxStdlib", "Runtime", "_Differentiation", "_Volatile"
    ]

    /// What a lesson's front matter may allow (`allow: [threads]`) → the category it admits.
    package static let optIns: [String: String] = [
        "threads": "threads", "reflection": "reflection", "dynamic-loading": "dynamic loading",
        "files-and-processes": "process and file APIs", "c-library": "system calls and C library",
        // Checked on the source (`AdmissionVisitor.rawMemoryNames`): pointer operations leave no symbols.
        "unsafe-pointers": "pointers"
    ]

    /// The category a refused symbol falls in, for the message; "an API outside the allowed list"
    /// for the rest.
    static func category(of name: String) -> String {
        let dynamicLoading: Set<String> = ["dlopen", "dlmopen", "dlsym", "dlvsym", "dladdr", "dlinfo", "dlclose", "dl_iterate_phdr"]
        if dynamicLoading.contains(name) { return "dynamic loading" }
        if let hit = refusedRuntimePrefixes.first(where: { name.hasPrefix($0.prefix) }) { return hit.category }
        if let hit = refusedStandardLibrary.first(where: { name.hasPrefix("$s") && name.contains($0.fragment) }) { return hit.category }
        let threads = [
            "pthread_", "thrd_", "$s10Foundation6Thread", "$s8Dispatch", "dispatch_", "$sSc", "Dispatch",
            "OperationQueue", "_Block_", "_NSConcreteStackBlock", "_NSConcreteGlobalBlock", "swift_task_"
        ]
        if threads.contains(where: { name.hasPrefix($0) || (name.hasPrefix("$s") && name.contains($0)) }) { return "threads" }
        let processAndFiles = [
            "FileManager", "FileHandle", "Process", "contentsOf", "Pipe", "Bundle", "URLSession",
            "atomically", "environment", "getenv", "FileDescriptor",
            // What Foundation's `String` path helpers read: the environment, the file system.
            "InPath", "PathComponent", "pathExtension", "completePath", "fileSystemRepresentation", "Tilde"
        ]
        if name.hasPrefix("$s") && processAndFiles.contains(where: { name.contains($0) }) { return "process and file APIs" }
        if !name.hasPrefix("$s") { return "system calls and C library" }
        return otherAPI
    }
}
