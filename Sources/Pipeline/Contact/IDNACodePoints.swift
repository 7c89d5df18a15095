/// The IDNA 2008 code point categories (RFC 5892), derived from the Unicode
/// properties Swift carries, and the contextual rules of its appendix A.
///
/// Two simplifications, both stricter than the RFC: scripts are told by
/// their Unicode blocks, and a zero-width non-joiner is allowed only after a
/// virama (the Arabic joining-type case needs data Swift does not expose).
enum IDNACodePoints {
    enum Category { case pvalid, contextJ, contextO, disallowed }

    /// The category of one code point, in the order of RFC 5892 section 3.
    static func category(_ c: Unicode.Scalar) -> Category {
        switch c.value {
        // Exceptions (F).
        case 0x00DF, 0x03C2, 0x06FD, 0x06FE, 0x0F0B, 0x3007: return .pvalid
        case 0x00B7, 0x0375, 0x05F3, 0x05F4, 0x30FB, 0x0660...0x0669, 0x06F0...0x06F9: return .contextO
        case 0x0640, 0x07FA, 0x302E, 0x302F, 0x3031...0x3035, 0x303B: return .disallowed
        default: break
        }
        let p = c.properties
        if p.generalCategory == .unassigned { return .disallowed }
        // LDH (K).
        if c.value == 0x2D || (0x30...0x39).contains(c.value) || (0x61...0x7A).contains(c.value) { return .pvalid }
        // JoiningControl (H).
        if c.value == 0x200C || c.value == 0x200D { return .contextJ }
        // OldHangulJamo (I).
        if (0x1100...0x11FF).contains(c.value) || (0xA960...0xA97F).contains(c.value)
            || (0xD7B0...0xD7FF).contains(c.value) { return .disallowed }
        // Unstable (B): changes under NFKC case folding (capitals, compatibility forms, ignorables).
        if p.changesWhenNFKCCaseFolded { return .disallowed }
        // IgnorableProperties (C) and IgnorableBlocks (D).
        if p.isDefaultIgnorableCodePoint || p.isWhitespace || p.isNoncharacterCodePoint { return .disallowed }
        if (0x20D0...0x20FF).contains(c.value) || (0x1D100...0x1D24F).contains(c.value) { return .disallowed }
        // LetterDigits (A).
        switch p.generalCategory {
        case .lowercaseLetter, .uppercaseLetter, .otherLetter, .decimalNumber, .modifierLetter, .nonspacingMark,
             .spacingMark:
            return .pvalid
        default:
            return .disallowed
        }
    }

    /// Whether the CONTEXTJ or CONTEXTO code point at `index` of `label` may stand there.
    static func contextAllows(_ label: [Unicode.Scalar], at index: Int) -> Bool {
        let c = label[index].value
        let before = index > 0 ? label[index - 1] : nil
        let after = index + 1 < label.count ? label[index + 1] : nil
        switch c {
        case 0x200C, 0x200D:
            return before?.properties.canonicalCombiningClass == .virama
        case 0x00B7:
            return before == "l" && after == "l"
        case 0x0375:
            return after.map(isGreek) ?? false
        case 0x05F3, 0x05F4:
            return before.map(isHebrew) ?? false
        case 0x30FB:
            return label.contains { $0.value != 0x30FB && isJapanese($0) }
        case 0x0660...0x0669:
            return !label.contains { (0x06F0...0x06F9).contains($0.value) }
        case 0x06F0...0x06F9:
            return !label.contains { (0x0660...0x0669).contains($0.value) }
        default:
            return false
        }
    }

    private static func isGreek(_ c: Unicode.Scalar) -> Bool {
        (0x0370...0x03FF).contains(c.value) || (0x1F00...0x1FFF).contains(c.value)
    }

    private static func isHebrew(_ c: Unicode.Scalar) -> Bool {
        (0x0591...0x05F4).contains(c.value) || (0xFB1D...0xFB4F).contains(c.value)
    }

    /// Hiragana, Katakana or Han.
    private static func isJapanese(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x3005, 0x3007, 0x3021...0x3029, 0x3038...0x303B, 0x3041...0x309F, 0x30A0...0x30FF, 0x31F0...0x31FF,
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x2E80...0x2FDF, 0x20000...0x3134F:
            return true
        default:
            return false
        }
    }
}
