import Foundation

/// A relocatable ELF64 little-endian object file (what `swiftc -c` writes on Linux), read in
/// pure Swift: its section headers and its symbol table. Every offset and size is checked
/// against the file, so a truncated or hostile file throws `ObjectFile.Error`, never traps.
struct ObjectFile {
    /// A section header, with its name resolved.
    struct Section: Equatable {
        var name: String
        var type: UInt32
        var flags: UInt64
        var size: UInt64
    }

    /// A symbol's binding (`STB_*`).
    enum Binding: Equatable {
        case local, global, weak, other(UInt8)
    }

    /// A symbol's visibility (`STV_*`).
    enum Visibility: UInt8 {
        case `default` = 0, `internal` = 1, hidden = 2, protected = 3
    }

    /// A symbol table entry, with its name resolved.
    struct Symbol: Equatable {
        var name: String
        var binding: Binding
        /// `STT_*`: 0 none, 1 object, 2 function, 3 section, 4 file, 5 common, 6 TLS.
        var type: UInt8
        var visibility: Visibility
        /// The section index (`st_shndx`, extended indices resolved); 0 when undefined.
        var sectionIndex: UInt32

        var isDefined: Bool { sectionIndex != 0 }
        /// The kind of thing the symbol names, for messages.
        var kind: String {
            switch type {
            case 1: return "data"
            case 2: return "function"
            case 5: return "common data"
            case 6: return "thread-local data"
            default: return "symbol"
            }
        }
    }

    /// Why a file could not be read as an object file.
    struct Error: Swift.Error, LocalizedError, Equatable {
        var reason: String
        var errorDescription: String? { "not a readable ELF object file: \(reason)" }
    }

    /// `SHF_WRITE | SHF_ALLOC`: a section the program may write at run time.
    static let allocatedAndWritable: UInt64 = 0x3
    static let sectionTypeSymbolTable: UInt32 = 2
    static let sectionTypeNoBits: UInt32 = 8
    static let sectionTypeExtendedIndices: UInt32 = 18

    let sections: [Section]
    let symbols: [Symbol]

    /// Reads the object file at `url`.
    init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw Error(reason: "\(url.lastPathComponent) cannot be read") }
        try self.init(bytes: [UInt8](data))
    }

    /// Parses an object file held in memory.
    init(bytes: [UInt8]) throws {
        let reader = ByteReader(bytes: bytes)
        guard bytes.count >= 64, bytes[0] == 0x7F, bytes[1] == 0x45, bytes[2] == 0x4C, bytes[3] == 0x46 else {
            throw Error(reason: "no ELF header")
        }
        guard bytes[4] == 2, bytes[5] == 1 else { throw Error(reason: "not 64-bit little-endian ELF") }
        guard try reader.u16(16) == 1 else { throw Error(reason: "not a relocatable object (ET_REL)") }
        let headerOffset = try reader.u64(40)
        let headerSize = try reader.u16(58)
        guard headerOffset != 0, headerSize >= 64 else { throw Error(reason: "no section headers") }
        // Extended numbering: counts too large for 16 bits live in section 0's header.
        var count = UInt64(try reader.u16(60))
        var namesIndex = UInt32(try reader.u16(62))
        let first = try reader.slice(headerOffset, 64)
        if count == 0 { count = try reader.u64(first + 32) }
        if namesIndex == 0xFFFF { namesIndex = try reader.u32(first + 40) }
        guard count <= 1 << 20 else { throw Error(reason: "implausible section count \(count)") }
        _ = try reader.slice(headerOffset, count * UInt64(headerSize))

        var raw: [RawSection] = []
        for index in 0..<count {
            let at = headerOffset + index * UInt64(headerSize)
            raw.append(
                RawSection(
                    name: try reader.u32(at), type: try reader.u32(at + 4), flags: try reader.u64(at + 8),
                    offset: try reader.u64(at + 24), size: try reader.u64(at + 32),
                    link: try reader.u32(at + 40), entrySize: try reader.u64(at + 56)))
        }
        guard Int(namesIndex) < raw.count else { throw Error(reason: "section name table index out of range") }
        let names = raw[Int(namesIndex)]
        sections = try raw.map { Section(name: try reader.string(in: names, at: $0.name), type: $0.type, flags: $0.flags, size: $0.size) }
        symbols = try Self.readSymbols(reader, raw)
    }

    /// Reads every symbol table (a relocatable object has at most one, but nothing is assumed).
    private static func readSymbols(_ reader: ByteReader, _ raw: [RawSection]) throws -> [Symbol] {
        var result: [Symbol] = []
        for (tableIndex, table) in raw.enumerated() where table.type == sectionTypeSymbolTable {
            guard table.entrySize == 24, table.size % 24 == 0 else { throw Error(reason: "symbol table entries are not 24 bytes") }
            guard Int(table.link) < raw.count, table.link != 0 else { throw Error(reason: "symbol table names no string table") }
            let strings = raw[Int(table.link)]
            let extended = raw.first { $0.type == sectionTypeExtendedIndices && Int($0.link) == tableIndex }
            let start = try reader.slice(table.offset, table.size)
            for index in 0..<(table.size / 24) {
                let at = start + index * 24
                let info = try reader.u8(at + 4)
                var sectionIndex = UInt32(try reader.u16(at + 6))
                if sectionIndex == 0xFFFF {
                    guard let extended else { throw Error(reason: "extended section index without SHT_SYMTAB_SHNDX") }
                    guard index * 4 + 4 <= extended.size else { throw Error(reason: "extended section index out of range") }
                    sectionIndex = try reader.u32(try reader.slice(extended.offset, extended.size) + index * 4)
                }
                // SHN_ABS and SHN_COMMON (0xFFF1, 0xFFF2) define a symbol without a section.
                guard sectionIndex < raw.count || (0xFF00...0xFFFF).contains(sectionIndex) else {
                    throw Error(reason: "symbol \(index) names section \(sectionIndex), which does not exist")
                }
                let binding: Binding
                switch info >> 4 {
                case 0: binding = .local
                case 1: binding = .global
                case 2: binding = .weak
                default: binding = .other(info >> 4)
                }
                result.append(
                    Symbol(
                        name: try reader.string(in: strings, at: try reader.u32(at)), binding: binding,
                        type: info & 0xF, visibility: Visibility(rawValue: try reader.u8(at + 5) & 3)!,
                        sectionIndex: sectionIndex))
            }
        }
        return result
    }

    /// The fields of a section header this reader uses.
    private struct RawSection {
        var name: UInt32, type: UInt32, flags: UInt64, offset: UInt64, size: UInt64, link: UInt32, entrySize: UInt64
    }

    /// Little-endian reads that throw instead of reading past the end.
    private struct ByteReader {
        let bytes: [UInt8]

        /// Checks that `size` bytes at `offset` lie inside the file and returns `offset`.
        func slice(_ offset: UInt64, _ size: UInt64) throws -> UInt64 {
            let (end, overflow) = offset.addingReportingOverflow(size)
            guard !overflow, end <= UInt64(bytes.count) else { throw Error(reason: "offset \(offset) + \(size) is past the end of the file") }
            return offset
        }

        func u8(_ offset: UInt64) throws -> UInt8 { bytes[Int(try slice(offset, 1))] }

        func u16(_ offset: UInt64) throws -> UInt16 { UInt16(truncatingIfNeeded: try unsigned(offset, 2)) }

        func u32(_ offset: UInt64) throws -> UInt32 { UInt32(truncatingIfNeeded: try unsigned(offset, 4)) }

        func u64(_ offset: UInt64) throws -> UInt64 { try unsigned(offset, 8) }

        private func unsigned(_ offset: UInt64, _ size: Int) throws -> UInt64 {
            let start = Int(try slice(offset, UInt64(size)))
            var value: UInt64 = 0
            for index in (0..<size).reversed() { value = value << 8 | UInt64(bytes[start + index]) }
            return value
        }

        /// The NUL-terminated string at `offset` inside a string table section.
        func string(in table: RawSection, at offset: UInt32) throws -> String {
            guard table.type != sectionTypeNoBits else { throw Error(reason: "string table has no contents") }
            let start = Int(try slice(table.offset, table.size))
            guard UInt64(offset) < table.size else { throw Error(reason: "string offset \(offset) is outside its table") }
            let end = start + Int(table.size)
            guard let terminator = bytes[(start + Int(offset))..<end].firstIndex(of: 0) else {
                throw Error(reason: "string at \(offset) is not terminated inside its table")
            }
            guard let text = String(validating: bytes[(start + Int(offset))..<terminator], as: UTF8.self) else {
                throw Error(reason: "string at \(offset) is not UTF-8")
            }
            return text
        }
    }
}
