import Foundation

/// The planted response to repeated campaign contact. A customer's k-th
/// contact (k = 1 + the campaign contacts made to them before; a held-out
/// selection is not a contact) runs sent → opened → clicked → responded:
/// first an unsubscribe with 0.004 + 0.0015 k, else a complaint with 0.001,
/// else an open with 0.3 × 0.985^k (fatigue), a click with 0.3 of the opens
/// and a response with 0.35 × 0.85^(k − 1) of the clicks. The response
/// chance therefore falls with every contact: by the response decay on top
/// of the open fatigue and the growing unsubscribe chance.
enum ResponseDecay {
    static let unsubscribeBase = 0.004
    static let unsubscribePerContact = 0.0015
    static let complaintChance = 0.001
    static let openBase = 0.3
    static let openDecayPerContact = 0.985
    static let clickChance = 0.3
    static let respondBase = 0.35
    static let responseDecayPerContact = 0.85

    static func unsubscribeChance(contact k: Int) -> Double {
        unsubscribeBase + unsubscribePerContact * Double(k)
    }

    static func openChance(contact k: Int) -> Double {
        openBase * pow(openDecayPerContact, Double(min(k, 200)))
    }

    /// The chance that a clicked k-th contact responds.
    static func respondChance(contact k: Int) -> Double {
        respondBase * pow(responseDecayPerContact, Double(min(k, 200) - 1))
    }

    /// The chance that a k-th contact ends in a response: the whole chain.
    static func responseChance(contact k: Int) -> Double {
        (1 - unsubscribeChance(contact: k)) * (1 - complaintChance) * openChance(contact: k) * clickChance
            * respondChance(contact: k)
    }
}

/// The contacts made at each contact number and the responses they were
/// expected to give, for the manifest.
struct ContactTally {
    private var contacts: [Int] = []
    private var expectedResponses: [Double] = []

    /// A contact numbered k whose chance to respond was `responseChance`.
    mutating func record(contact k: Int, responseChance: Double) {
        while contacts.count < k {
            contacts.append(0)
            expectedResponses.append(0)
        }
        contacts[k - 1] += 1
        expectedResponses[k - 1] += responseChance
    }

    var manifest: Manifest.ResponseDecay {
        Manifest.ResponseDecay(
            responseDecayPerContact: ResponseDecay.responseDecayPerContact,
            openDecayPerContact: ResponseDecay.openDecayPerContact,
            firstContactResponseRate: ResponseDecay.responseChance(contact: 1),
            byContact: contacts.indices.map { i in
                Manifest.ContactNumberExpectation(
                    contactNumber: i + 1, contacts: contacts[i], expectedResponses: expectedResponses[i],
                    expectedResponseRate: contacts[i] > 0 ? expectedResponses[i] / Double(contacts[i]) : 0)
            })
    }
}
