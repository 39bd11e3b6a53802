extension String {
    /// The lines of the text, as `split(separator: "\n", omittingEmptySubsequences: false)` gives
    /// them, found on the UTF-8 bytes instead of by `Character` (which was a tenth of a site build).
    /// A line feed after a carriage return stays inside its line, as the `Character` `"\r\n"` does.
    package var lineSlices: [Substring] {
        var lines: [Substring] = []
        let bytes = utf8
        var start = bytes.startIndex
        var previous: UInt8 = 0
        var index = start
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") && previous != UInt8(ascii: "\r") {
                lines.append(self[start..<index])
                start = bytes.index(after: index)
            }
            previous = byte
            bytes.formIndex(after: &index)
        }
        lines.append(self[start..<bytes.endIndex])
        return lines
    }

    /// The text without its `#sourceLocation(…)` directive lines: generated files map their code
    /// to the lesson with them, which neither a cache key nor a submission's admission may see.
    package var withoutSourceLocationDirectives: String {
        lineSlices.filter { !$0.drop { $0 == " " || $0 == "\t" }.hasPrefix("#sourceLocation") }.joined(separator: "\n")
    }
}
