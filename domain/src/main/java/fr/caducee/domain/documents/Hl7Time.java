package fr.caducee.domain.documents;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HL7 v3 timestamps (data type TS) as CDA writes them: {@code YYYYMMDD[HH[MM[SS[.S+]]]][+/-ZZZZ]}. A time without
 * an offset is French local time, as the documents of the French trust space are written.
 */
final class Hl7Time {
    private static final ZoneId FRANCE = ZoneId.of("Europe/Paris");
    private static final Pattern TS = Pattern.compile(
        "(\\d{4})(\\d{2})(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:\\.\\d{1,6})?)?)?)?(?:([+-])(\\d{2})(\\d{2}))?");

    private Hl7Time() {
    }

    /** The day of a timestamp (a birth date, usually {@code YYYYMMDD}); empty when it is not one. */
    static Optional<LocalDate> date(String value) {
        Matcher m = value == null ? null : TS.matcher(value.trim());
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3))));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** The instant of a timestamp; empty when it is not one. */
    static Optional<Instant> instant(String value) {
        Matcher m = value == null ? null : TS.matcher(value.trim());
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        try {
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), number(m.group(4)), number(m.group(5)), number(m.group(6)));
            if (m.group(7) == null) {
                return Optional.of(local.atZone(FRANCE).toInstant());
            }
            int sign = "-".equals(m.group(7)) ? -1 : 1;
            ZoneOffset offset = ZoneOffset.ofHoursMinutes(sign * Integer.parseInt(m.group(8)),
                sign * Integer.parseInt(m.group(9)));
            return Optional.of(local.toInstant(offset));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static int number(String group) {
        return group == null ? 0 : Integer.parseInt(group);
    }
}
