import Foundation

/// What `swift-autolink-extract` does for a link, done in-process: the libraries each Swift object
/// file asks for (`-lswiftCore`, `-lFoundation`, …), read from its `.swift1_autolink_entries`
/// section. Starting the tool cost about 19 ms per link, twice per lesson and submission.
///
/// Reads little-endian ELF64 objects only; anything else gives `nil` and the tool runs instead.
enum AutolinkEntries {
    static let sectionName = ".swift1_autolink_entries"

    /// The entries of all `objects`, first occurrence first, without repeats.
    static func read(_ objects: [String]) -> [String]? {
        var all: [String] = []
        for object in objects {
            guard let data = FileManager.default.contents(atPath: object), let found = entries(inELF: data) else { return nil }
            for entry in found where !all.contains(entry) { all.append(entry) }
        }
        return all
    }

    static func entries(inELF data: Data) -> [String]? {
        let bytes = [UInt8](data)
        guard bytes.count >= 64, bytes[0..<4].elementsEqual([0x7F, 0x45, 0x4C, 0x46]),
            bytes[4] == 2 /* 64-bit */, bytes[5] == 1 /* little-endian */
        else { return nil }
        func integer(_ offset: Int, _ size: Int) -> Int? {
            guard offset >= 0, size <= 8, offset + size <= bytes.count else { return nil }
            var value: UInt64 = 0
            for index in (0..<size).reversed() { value = value << 8 | UInt64(bytes[offset + index]) }
            return value <= UInt64(Int.max) ? Int(value) : nil
        }
        guard let tableOffset = integer(0x28, 8), let entrySize = integer(0x3A, 2), let count = integer(0x3C, 2),
            let namesIndex = integer(0x3E, 2), entrySize >= 64, count > 0, namesIndex < count
        else { return nil }
        /// (name offset, file offset, size) of section `index`.
        func section(_ index: Int) -> (name: Int, offset: Int, size: Int)? {
            let header = tableOffset + index * entrySize
            guard let name = integer(header, 4), let offset = integer(header + 24, 8), let size = integer(header + 32, 8),
                offset + size <= bytes.count
            else { return nil }
            return (name, offset, size)
        }
        guard let names = section(namesIndex) else { return nil }
        var entries: [String] = []
        for index in 0..<count {
            guard let current = section(index) else { return nil }
            let nameStart = names.offset + current.name
            guard nameStart < names.offset + names.size else { return nil }
            let nameEnd = bytes[nameStart..<(names.offset + names.size)].firstIndex(of: 0) ?? (names.offset + names.size)
            guard String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self) == sectionName else { continue }
            let content = bytes[current.offset..<(current.offset + current.size)]
            entries += content.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        }
        return entries
    }
}
