import Foundation

/// Writes a `.zip` of text files, stored without compression: the student package the site offers
/// as `exercises.zip`. A few hundred kilobytes of source need no deflate, and without one the
/// archive needs no tool and comes out byte for byte the same for the same files (every entry
/// carries the same fixed date), so an unchanged course rebuilds an unchanged site.
package enum ZipArchiveWriter {
    /// The archive holding `files` (path → text) under `folder/`, in path order.
    package static func archive(_ files: [String: String], folder: String) -> Data {
        var body = Data(), directory = Data()
        var count: UInt16 = 0
        for path in files.keys.sorted() {
            let name = Data((folder + "/" + path).utf8)
            let content = Data(files[path]!.utf8)
            let crc = crc32(content)
            let offset = UInt32(body.count)
            // Local file header: version 2.0, flag bit 11 (names are UTF-8), method 0 (stored).
            body.append(le32(0x0403_4b50)); body.append(le16(20)); body.append(le16(0x0800)); body.append(le16(0))
            body.append(le16(fixedTime)); body.append(le16(fixedDate))
            body.append(le32(crc)); body.append(le32(UInt32(content.count))); body.append(le32(UInt32(content.count)))
            body.append(le16(UInt16(name.count))); body.append(le16(0))
            body.append(name); body.append(content)
            // Central directory entry: made by Unix (3) version 2.0, regular file rw-r--r--.
            directory.append(le32(0x0201_4b50)); directory.append(le16(0x0314)); directory.append(le16(20))
            directory.append(le16(0x0800)); directory.append(le16(0)); directory.append(le16(fixedTime)); directory.append(le16(fixedDate))
            directory.append(le32(crc)); directory.append(le32(UInt32(content.count))); directory.append(le32(UInt32(content.count)))
            directory.append(le16(UInt16(name.count))); directory.append(le16(0)); directory.append(le16(0))
            directory.append(le16(0)); directory.append(le16(0)); directory.append(le32(0o100644 << 16)); directory.append(le32(offset))
            directory.append(name)
            count += 1
        }
        var end = Data()
        end.append(le32(0x0605_4b50)); end.append(le16(0)); end.append(le16(0)); end.append(le16(count)); end.append(le16(count))
        end.append(le32(UInt32(directory.count))); end.append(le32(UInt32(body.count))); end.append(le16(0))
        return body + directory + end
    }

    /// 1 January 2000, 00:00, in MS-DOS format (the format has no time zone and starts in 1980).
    static let fixedDate: UInt16 = (20 << 9) | (1 << 5) | 1
    static let fixedTime: UInt16 = 0

    static func le16(_ value: UInt16) -> Data { withUnsafeBytes(of: value.littleEndian) { Data($0) } }
    static func le32(_ value: UInt32) -> Data { withUnsafeBytes(of: value.littleEndian) { Data($0) } }

    /// CRC-32 as zip uses it (IEEE polynomial, reflected).
    static func crc32(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return ~crc
    }

    static let crcTable: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }
}
