/// Names and words the generator draws from. ASCII only, and never a comma
/// or quote, so CSV fields need no quoting.
enum ReferenceData {
    static let firstNames = [
        "Anna", "Ben", "Clara", "David", "Emma", "Felix", "Grace", "Henry", "Isabel", "Jack", "Julia", "Karl",
        "Laura", "Liam", "Maria", "Max", "Nina", "Noah", "Olivia", "Oscar", "Paula", "Paul", "Rosa", "Sam",
        "Sofia", "Tom", "Uma", "Victor", "Wendy", "Yusuf", "Zoe", "Lucas", "Mia", "Elias", "Lea", "Hugo",
        "Chloe", "Marco", "Giulia", "Pieter", "Sanne", "James", "Emily", "Oliver", "Amelia", "Lukas", "Hannah",
    ]
    static let lastNames = [
        "Smith", "Johnson", "Brown", "Miller", "Davis", "Garcia", "Wilson", "Taylor", "Clark", "Lewis",
        "Mueller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Koch",
        "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Petit", "Rossi", "Russo", "Ferrari", "Bianchi",
        "Jansen", "DeVries", "Bakker", "Visser", "Evans", "Walker", "Wright", "Hughes", "Green", "Hall",
    ]
    static let emailDomains = ["example.com", "mail.example.org", "inbox.example.net", "post.example.de",
                               "example.co.uk", "webmail.example.fr"]
    static let adjectives = ["Classic", "Premium", "Everyday", "Compact", "Deluxe", "Eco", "Smart", "Pro",
                             "Essential", "Urban", "Vintage", "Ultra"]
    static let signupChannels = ["web", "store", "phone", "referral", "social", "app"]
    static let campaignThemes = ["Spring Sale", "Summer Deals", "Back to School", "Autumn Picks", "Black Friday",
                                 "Holiday Gifts", "New Year Reset", "Loyalty Bonus", "Win-back", "Flash Sale",
                                 "Welcome Series", "Weekend Special"]
    static let campaignChannels = ["email", "email", "email", "sms", "direct_mail", "social"]
}

/// Product categories with their subcategories and typical list price (USD).
struct Category {
    let name: String
    let subcategories: [String]
    let medianPrice: Double
    /// The category most often bought together with this one.
    let partner: Int

    static let all: [Category] = [
        Category(name: "Electronics", subcategories: ["Phones", "Audio", "Accessories"], medianPrice: 80, partner: 5),
        Category(name: "Home", subcategories: ["Kitchen", "Decor", "Bedding"], medianPrice: 35, partner: 8),
        Category(name: "Fashion", subcategories: ["Women", "Men", "Shoes"], medianPrice: 40, partner: 3),
        Category(name: "Beauty", subcategories: ["Skincare", "Makeup", "Fragrance"], medianPrice: 25, partner: 2),
        Category(name: "Sports", subcategories: ["Fitness", "Outdoor", "Cycling"], medianPrice: 45, partner: 2),
        Category(name: "Books", subcategories: ["Fiction", "Nonfiction", "Children"], medianPrice: 15, partner: 6),
        Category(name: "Toys", subcategories: ["Games", "Puzzles", "Plush"], medianPrice: 20, partner: 5),
        // "Fresh" is sold by weight: quantities like 1.5 (kg).
        Category(name: "Grocery", subcategories: ["Fresh", "Pantry", "Beverages"], medianPrice: 6, partner: 9),
        Category(name: "Garden", subcategories: ["Tools", "Plants", "Furniture"], medianPrice: 30, partner: 1),
        Category(name: "Pets", subcategories: ["Food", "Toys", "Care"], medianPrice: 18, partner: 7),
    ]
}
