/// What a reader sees of a TeX formula, as plain text for the search index: `\lambda` becomes
/// `λ`, `\le` becomes `≤`, and layout commands (`\frac`, `\left`, `\mathrm`, spacing) leave no
/// word behind, so searching "frac" does not find every fraction. The names of the symbols a
/// formula uses are kept apart (`lambda`), so a student may type either the letter or its name.
enum TeXText {
    /// The readable text of `tex` and the names of the symbols it shows.
    static func read(_ tex: String) -> (text: String, symbolNames: [String]) {
        var text = "", names: [String] = []
        let chars = Array(tex)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\" {
                var j = i + 1
                while j < chars.count && chars[j].isLetter { j += 1 }
                if j == i + 1 {
                    // A one-character command: `\,` and friends are spacing, `\{` a brace, `\\` a line break.
                    if j < chars.count { text += ",;:! \\".contains(chars[j]) ? " " : String(chars[j]) }
                    i = min(j + 1, chars.count)
                    continue
                }
                let name = String(chars[(i + 1)..<j])
                if let symbol = symbols[name] {
                    text += spacedSymbols.contains(name) ? " \(symbol) " : symbol
                    if !names.contains(name) { names.append(name) }
                } else if spacing.contains(name) {
                    text += " "
                } else if functionNames.contains(name) {
                    text += name + " "  // \sin, \log, \max read as their names
                }
                // As in TeX, spaces after a command word are not text (`\partial L` reads ∂L); before
                // a sign or a number they still part words (`\gamma = 0` reads γ = 0, not γ= 0).
                let spaced = j < chars.count && chars[j] == " "
                while j < chars.count && chars[j] == " " { j += 1 }
                if spaced, j < chars.count, !chars[j].isLetter, chars[j] != "\\", !text.hasSuffix(" ") { text += " " }
                i = j
            } else if c == "}" && i + 1 < chars.count && chars[i + 1] == "{" {
                text += "/"  // \frac{a}{b} reads as a/b
                i += 2
            } else if "{}^_&$".contains(c) {
                i += 1
            } else {
                text.append(c)
                i += 1
            }
        }
        let collapsed = SearchIndexWriter.collapsingWhitespace(text)
        return (collapsed, names)
    }

    /// Relations and operators, which read with a space on each side (`a ≤ b`).
    static let spacedSymbols: Set<String> = [
        "le", "leq", "ge", "geq", "ne", "neq", "approx", "sim", "equiv", "propto", "cdot",
        "times", "pm", "to", "rightarrow", "leftarrow", "mapsto", "in", "subset"
    ]
    static let spacing: Set<String> = ["quad", "qquad", "enspace", "thinspace", "medspace", "thickspace", "space"]
    static let functionNames: Set<String> = [
        "sin", "cos", "tan", "exp", "log", "ln", "max", "min", "sup", "inf",
        "arg", "det", "dim", "lim", "tanh", "sinh", "cosh"
    ]
    static let symbols: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε", "zeta": "ζ",
        "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
        "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "ϕ", "varphi": "φ",
        "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ",
        "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω", "hbar": "ℏ", "ell": "ℓ", "nabla": "∇",
        "partial": "∂", "infty": "∞", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠",
        "approx": "≈", "sim": "∼", "equiv": "≡", "propto": "∝", "cdot": "·", "times": "×", "pm": "±", "to": "→",
        "rightarrow": "→", "leftarrow": "←", "mapsto": "↦", "in": "∈", "subset": "⊂", "sum": "∑", "prod": "∏",
        "int": "∫", "sqrt": "√", "odot": "⊙", "otimes": "⊗", "circ": "∘", "dagger": "†", "top": "⊤", "ldots": "…",
        "dots": "…", "cdots": "⋯", "langle": "⟨", "rangle": "⟩", "lVert": "‖", "rVert": "‖", "Vert": "‖",
        "mid": "|", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉"
    ]
}
