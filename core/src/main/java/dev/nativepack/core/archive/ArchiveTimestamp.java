package dev.nativepack.core.archive;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The one time stamped on every entry: {@code SOURCE_DATE_EPOCH} when it is set (seconds since
 * the epoch, clamped to what a zip's DOS date holds: 1980-01-01 to 2107-12-31), else
 * 1980-01-01 00:00:00. In a zip the DOS date and time are the UTC calendar fields of that
 * instant, so the bytes never depend on the time zone of the machine that writes them.
 */
public final class ArchiveTimestamp {
    /** 1980-01-01T00:00:00Z, the earliest DOS date. */
    public static final long MIN_EPOCH_SECOND = 315_532_800L;
    /** 2107-12-31T23:59:58Z, the latest DOS date and time. */
    public static final long MAX_EPOCH_SECOND = LocalDateTime.of(2107, 12, 31, 23, 59, 58).toEpochSecond(ZoneOffset.UTC);
    /** Used when SOURCE_DATE_EPOCH is not set. */
    public static final ArchiveTimestamp DEFAULT = new ArchiveTimestamp(MIN_EPOCH_SECOND);

    private final long epochSecond;

    private ArchiveTimestamp(long epochSecond) {
        this.epochSecond = epochSecond;
    }

    /** The given instant, clamped to the DOS range. */
    public static ArchiveTimestamp ofEpochSecond(long epochSecond) {
        return new ArchiveTimestamp(Math.max(MIN_EPOCH_SECOND, Math.min(MAX_EPOCH_SECOND, epochSecond)));
    }

    /**
     * From the value of SOURCE_DATE_EPOCH: null or blank means unset ({@link #DEFAULT}); an
     * integer is clamped to the DOS range; anything else is refused, as the reproducible-builds
     * specification asks.
     */
    public static ArchiveTimestamp fromSourceDateEpoch(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        String v = value.strip();
        if (!v.matches("-?[0-9]+")) {
            throw new IllegalArgumentException("SOURCE_DATE_EPOCH=" + value
                    + " is not a whole number of seconds since 1970-01-01T00:00:00Z");
        }
        BigInteger seconds = new BigInteger(v);
        if (seconds.compareTo(BigInteger.valueOf(MAX_EPOCH_SECOND)) > 0) {
            return ofEpochSecond(MAX_EPOCH_SECOND);
        }
        if (seconds.compareTo(BigInteger.valueOf(MIN_EPOCH_SECOND)) < 0) {
            return DEFAULT;
        }
        return ofEpochSecond(seconds.longValueExact());
    }

    /** From SOURCE_DATE_EPOCH in the given environment. */
    public static ArchiveTimestamp fromEnvironment(Map<String, String> environment) {
        return fromSourceDateEpoch(environment.get("SOURCE_DATE_EPOCH"));
    }

    /** From SOURCE_DATE_EPOCH in this process's environment. */
    public static ArchiveTimestamp fromEnvironment() {
        return fromSourceDateEpoch(System.getenv("SOURCE_DATE_EPOCH"));
    }

    public long epochSecond() {
        return epochSecond;
    }

    public Instant instant() {
        return Instant.ofEpochSecond(epochSecond);
    }

    /** The DOS time field (hours, minutes, seconds / 2) of the UTC calendar time. */
    int dosTime() {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        return t.getHour() << 11 | t.getMinute() << 5 | t.getSecond() >> 1;
    }

    /** The DOS date field (years since 1980, month, day) of the UTC calendar date. */
    int dosDate() {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        return (t.getYear() - 1980) << 9 | t.getMonthValue() << 5 | t.getDayOfMonth();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArchiveTimestamp t && t.epochSecond == epochSecond;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(epochSecond);
    }

    @Override
    public String toString() {
        return instant().toString();
    }
}
