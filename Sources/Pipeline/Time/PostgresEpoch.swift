/// PostgreSQL's binary COPY counts from 2000-01-01, the Unix epoch from
/// 1970-01-01; these convert the parsers' values for a binary encoder.
public enum PostgresEpoch {
    /// Days from 1970-01-01 to 2000-01-01.
    public static let unixDaysOffset: Int32 = 10_957
    /// Microseconds from 1970-01-01T00:00:00Z to 2000-01-01T00:00:00Z.
    public static let unixMicrosecondsOffset: Int64 = 946_684_800_000_000

    /// A `timestamptz` binary value (int64 microseconds since 2000-01-01 UTC).
    @inlinable
    public static func timestamp(fromUnixMicroseconds micros: Int64) -> Int64 { micros - unixMicrosecondsOffset }

    /// A `date` binary value (int32 days since 2000-01-01).
    @inlinable
    public static func date(fromUnixDays days: Int32) -> Int32 { days - unixDaysOffset }
}
