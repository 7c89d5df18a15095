/// Decides where bad records go in one file and remembers them.
///
/// Bad records of reject kinds are *extra* rows (a copy of a plausible row
/// with one field broken), so they never take a real record with them and
/// the expected counts stay simple: loaded = records − rejects. Warning
/// kinds damage an optional attribute of a real row, which still loads.
struct BadRecordPlanter {
    struct Kind {
        let field: String
        let rule: String
        let severity: String
        /// Candidate bad values, cycled through.
        let values: [String]
    }

    let file: String
    let kinds: [Kind]
    let ratio: Double
    private var rng: RandomSource
    private var nextKind = 0
    private var plantedPerKind: [Int]
    private(set) var planted: [Manifest.PlantedIssue] = []

    init(file: String, kinds: [Kind], ratio: Double, rng: RandomSource) {
        self.file = file
        self.kinds = kinds
        self.ratio = ratio
        self.rng = rng
        plantedPerKind = Array(repeating: 0, count: kinds.count)
    }

    var rejects: Int { planted.filter { $0.severity == "reject" }.count }
    var warnings: Int { planted.filter { $0.severity == "warning" }.count }

    /// Whether to plant after the current good row; returns the kind index.
    mutating func shouldPlant() -> Int? {
        guard ratio > 0, rng.chance(ratio) else { return nil }
        defer { nextKind = (nextKind + 1) % kinds.count }
        return nextKind
    }

    /// For warnings planted on real rows: the first eligible rows carry each
    /// kind once, later ones follow the ratio.
    mutating func shouldPlantEarly() -> Int? {
        guard ratio > 0 else { return nil }
        if let missing = missingKinds.first { return missing }
        return shouldPlant()
    }

    /// Kinds not yet planted, so every kind appears at least once.
    var missingKinds: [Int] {
        guard ratio > 0 else { return [] }
        return kinds.indices.filter { plantedPerKind[$0] == 0 }
    }

    /// Records a planted issue and returns the bad value to write.
    mutating func record(kind index: Int, line: Int) -> String {
        let kind = kinds[index]
        let value = kind.values[plantedPerKind[index] % kind.values.count]
        plantedPerKind[index] += 1
        planted.append(Manifest.PlantedIssue(file: file, line: line, field: kind.field, rule: kind.rule,
                                             severity: kind.severity, value: value))
        return value
    }
}
