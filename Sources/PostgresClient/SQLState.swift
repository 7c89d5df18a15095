/// The SQLSTATE codes crmwh acts on, by name (PostgreSQL's appendix A).
/// Code decides on these, never on message text, which the server translates.
public enum SQLState {
    public static let invalidParameterValue = "22023"
    public static let divisionByZero = "22012"
    public static let invalidTextRepresentation = "22P02"
    public static let uniqueViolation = "23505"
    public static let serializationFailure = "40001"
    public static let deadlockDetected = "40P01"
    /// Permission denied: a table, column, schema or function the role may not use.
    public static let insufficientPrivilege = "42501"
    public static let undefinedFunction = "42883"
    public static let undefinedTable = "42P01"
    public static let lockNotAvailable = "55P03"
    public static let queryCanceled = "57014"
    /// Class 08: connection exceptions.
    public static let connectionExceptionClass = "08"
    /// 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now.
    public static let operatorInterventionShutdownClass = "57P"
}
