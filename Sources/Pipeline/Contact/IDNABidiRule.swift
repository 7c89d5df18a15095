/// The Bidi rule for internationalised domain names (RFC 5893 section 2):
/// a domain with a right-to-left label must keep every label readable in
/// one direction. Bidi classes are told by Unicode block for the code
/// points a valid label can hold (letters, digits, marks and the hyphen).
enum IDNABidiRule {
    enum BidiClass { case l, r, al, an, en, es, on, nsm }

    static func bidiClass(_ c: Unicode.Scalar) -> BidiClass {
        switch c.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return .nsm
        default: break
        }
        switch c.value {
        case 0x30...0x39, 0x06F0...0x06F9: return .en
        case 0x2D: return .es
        case 0x0660...0x0669: return .an
        case 0x00B7, 0x0375, 0x30FB: return .on
        case 0x0590...0x05FF, 0x07C0...0x085F, 0xFB1D...0xFB4F, 0x10800...0x10FFF, 0x1E800...0x1EDFF:
            return .r
        case 0x0600...0x07BF, 0x0860...0x08FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF, 0x1EE00...0x1EEFF:
            return .al
        default:
            return .l
        }
    }

    /// Whether a domain (its labels in Unicode) satisfies the rule; domains
    /// without a right-to-left or Arabic-digit character always do.
    static func allows(_ labels: [[Unicode.Scalar]]) -> Bool {
        let classes = labels.map { $0.map(bidiClass) }
        guard classes.contains(where: { $0.contains { [.r, .al, .an].contains($0) } }) else { return true }
        return classes.allSatisfy(labelAllows)
    }

    private static func labelAllows(_ classes: [BidiClass]) -> Bool {
        guard let first = classes.first else { return false }
        let last = classes.last { $0 != .nsm }
        switch first {
        case .r, .al:
            let allowed: Set<BidiClass> = [.r, .al, .an, .en, .es, .on, .nsm]
            guard classes.allSatisfy(allowed.contains), let last, [.r, .al, .en, .an].contains(last) else { return false }
            return !(classes.contains(.en) && classes.contains(.an))
        case .l:
            let allowed: Set<BidiClass> = [.l, .en, .es, .on, .nsm]
            guard classes.allSatisfy(allowed.contains), let last else { return false }
            return last == .l || last == .en
        default:
            return false
        }
    }
}
