/// How wide a line of SVG text is drawn, estimated without a font renderer, so that `SVGPlot`
/// can make room for its legend.
///
/// The plot asks for `sans-serif`, which is Helvetica or Arial on one machine and DejaVu Sans
/// (about 15 % wider) on another. The estimate takes Helvetica's advance widths and widens them
/// by that margin, so it errs on the wide side: a legend box a little too large looks fine, a
/// label running out of the picture does not.
public enum SVGTextWidth {
    /// Helvetica's advance widths of the printable ASCII characters (space through `~`), in
    /// thousandths of the font size (from its Adobe font metrics).
    static let asciiWidths: [Int] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  // space ! " # $ % & ' ( ) * + , - . /
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,  // 0-9 : ; < = > ?
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,  // @ A-O
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,  // P-Z [ \ ] ^ _
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,  // ` a-o
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584  // p-z { | } ~
    ]

    /// The margin for fonts wider than Helvetica (DejaVu Sans, the usual Linux `sans-serif`).
    static let wideFontMargin = 1.15

    /// The estimated width of `text` drawn at `fontSize` (in the same unit as the font size).
    /// Characters outside ASCII count a full em: wide enough for Greek, accented letters and
    /// mathematical symbols, and right for CJK ideographs.
    public static func estimate(_ text: String, fontSize: Double) -> Double {
        var thousandths = 0
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x20...0x7E: thousandths += asciiWidths[Int(scalar.value) - 0x20]
            case 0x300...0x36F, 0x200B...0x200D, 0xFE00...0xFE0F: break  // combining marks, zero-width characters
            default: thousandths += 1000
            }
        }
        return Double(thousandths) / 1000 * fontSize * wideFontMargin
    }
}
