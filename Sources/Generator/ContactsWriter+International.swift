extension ContactsWriter {
    /// The email a contact row writes for person `i` (its primary or second record).
    func emailText(_ i: Int, second: Bool) -> String {
        let p = people[i]
        if InternationalEmails.isInternational(index: i, p) {
            let email = InternationalEmails.email(index: i)
            return second ? "  " + InternationalEmails.secondSpelling(index: i).text + " "
                : (i % 5 == 0 ? email.prefix(1).uppercased() + email.dropFirst() : email)
        }
        let email = InternationalEmails.isLookalike(index: i, people: people)
            ? InternationalEmails.lookalikeEmail(index: i) : Population.email(p, index: i)
        // The second system writes the same address in its own way.
        return second ? "  " + email.uppercased() + " " : (i % 5 == 0 ? email.prefix(1).uppercased() + email.dropFirst() : email)
    }

    /// Records what person `i`'s rows planted; `replaced` holds the people
    /// whose primary email a planted warning overwrote.
    func tallyInternational(_ i: Int, replaced: Set<Int>, into tally: inout Manifest.InternationalIdentities) {
        let p = people[i]
        guard p.hasEmail, !replaced.contains(i) else { return }
        let primary = (StaticStringTable.systemName(Int(p.primarySystem)).description, Self.sourceId(Int(p.primarySystem), p.primaryId))
        if InternationalEmails.isInternational(index: i, p) {
            tally.internationalEmailRecords += 1 + (p.changeDay > 0 ? 1 : 0)
            if p.hasSecond, p.link == 1 {
                tally.internationalEmailRecords += 1
                let spelling = InternationalEmails.secondSpelling(index: i)
                tally.duplicates.append(Manifest.IdentityPair(
                    sourceSystem: primary.0, sourceCustomerId: primary.1, email: emailText(i, second: false),
                    otherSourceSystem: StaticStringTable.systemName(Int(p.secondSystem)).description,
                    otherSourceCustomerId: Self.sourceId(Int(p.secondSystem), p.secondId),
                    otherEmail: emailText(i, second: true), form: spelling.form.rawValue))
            }
        } else if InternationalEmails.isLookalike(index: i, people: people), !replaced.contains(i - 1) {
            let n = people[i - 1]
            tally.lookalikes.append(Manifest.IdentityPair(
                sourceSystem: StaticStringTable.systemName(Int(n.primarySystem)).description,
                sourceCustomerId: Self.sourceId(Int(n.primarySystem), n.primaryId), email: emailText(i - 1, second: false),
                otherSourceSystem: primary.0, otherSourceCustomerId: primary.1, otherEmail: emailText(i, second: false),
                form: "lookalike"))
        }
    }

    /// "W0000123": the id Population.customerId writes.
    static func sourceId(_ system: Int, _ number: Int32) -> String {
        let digits = String(number)
        return StaticStringTable.idPrefix(system).description + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
    }
}
