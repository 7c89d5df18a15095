import Foundation

/// Internationalised email addresses (non-ASCII local parts, IDN domains)
/// for a share of the people, chosen by index so no random draw changes and
/// every other generated figure stays as it was.
///
/// - An international person writes `<local><index>@<domain>` from the
///   tables below. When they are registered twice (linked by email), the
///   second system spells the same address another way: decomposed (NFD),
///   with the domain as an upper-case A-label, with the domain in capitals,
///   or all in capitals.
/// - The person after an international one may be its lookalike: a
///   different person whose address differs only by diacritics, script or
///   ß/ss (same number, same domain), which must never be merged with it.
enum InternationalEmails {
    /// Local parts and a lookalike spelling of each that is a different address.
    static let locals: [(local: String, lookalike: String)] = [
        ("léa.müller", "lea.muller"), ("zoë.walker", "zoe.walker"), ("françois.lefèvre", "francois.lefevre"),
        ("jürgen.strauß", "jürgen.strauss"), ("ελένη.παππά", "eleni.pappa"), ("анна.иванова", "anna.ivanova"),
        ("王伟", "wang.wei"), ("山田.太郎", "yamada.taro"), ("محمد.علي", "mohammed.ali"), ("דוד.כהן", "david.cohen"),
        ("अनिल.शर्मा", "anil.sharma"), ("søren.kierkegård", "soren.kierkegard"), ("sofía.garcía", "sofia.garcia"),
        ("ольга.смирнова", "\u{043E}l\u{044C}ga.smirnova"),
    ]
    /// Domains and their ASCII (A-label) form.
    static let domains: [(unicode: String, ascii: String)] = [
        ("müller.de", "xn--mller-kva.de"), ("例え.jp", "xn--r8jz45g.jp"), ("почта.рф", "xn--80a1acny.xn--p1ai"),
        ("bücher.example", "xn--bcher-kva.example"), ("example.com", "example.com"),
        ("mail.example.org", "mail.example.org"),
    ]

    /// Spellings a second registration uses, by `index % 4` (a decomposed
    /// spelling only where NFD changes the address).
    enum SecondForm: String {
        case decomposed = "nfd", asciiDomain = "a-label domain", capitalDomain = "domain in capitals",
             capitals = "all capitals"
    }

    static func isInternational(index: Int, _ p: Person) -> Bool {
        guard p.hasEmail, !p.isGhost else { return false }
        return index % 13 == 5 || (p.hasSecond && p.link == 1 && index % 3 == 0)
    }

    static func isLookalike(index: Int, people: [Person]) -> Bool {
        index % 13 == 6 && people[index].hasEmail && !people[index].isGhost
            && !isInternational(index: index, people[index]) && isInternational(index: index - 1, people[index - 1])
    }

    static func email(index: Int) -> String {
        locals[(index / 13 + index / 3) % locals.count].local + String(index) + "@" + domain(index: index).unicode
    }

    /// The lookalike of the international person at `index - 1`.
    static func lookalikeEmail(index: Int) -> String {
        let neighbour = index - 1
        return locals[(neighbour / 13 + neighbour / 3) % locals.count].lookalike + String(neighbour) + "@"
            + domain(index: neighbour).unicode
    }

    static func domain(index: Int) -> (unicode: String, ascii: String) { domains[(index / 7) % domains.count] }

    /// How the second system writes the address of the international person at `index`.
    static func secondSpelling(index: Int) -> (text: String, form: SecondForm) {
        let local = locals[(index / 13 + index / 3) % locals.count].local + String(index)
        let domain = domain(index: index)
        let address = local + "@" + domain.unicode
        let decomposed = address.decomposedStringWithCanonicalMapping
        switch index % 4 {
        case 0 where !decomposed.unicodeScalars.elementsEqual(address.unicodeScalars):
            return (decomposed, .decomposed)
        case 1:
            return (local + "@" + domain.ascii.uppercased(), .asciiDomain)
        case 0, 2:
            // Also for addresses NFD leaves as they are (Han, Arabic, Hebrew letters).
            return (local + "@" + domain.unicode.uppercased(), .capitalDomain)
        default:
            // Capitals only where lower-casing gives the letters back (not ß → SS).
            let upper = local.uppercased()
            return ((upper.lowercased() == local ? upper : local) + "@" + domain.unicode.uppercased(), .capitals)
        }
    }
}
