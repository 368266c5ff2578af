package fr.caducee.gateway.message;

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
 * HL7 v2 times (DTM, and TS's first component): {@code YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]}. A time
 * without an offset is the sender's local time, which for a French hospital is the zone it is given (Europe/Paris).
 */
public final class Hl7Time {
    private static final Pattern DTM = Pattern.compile(
        "(\\d{4})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:\\.\\d{1,4})?)?)?)?)?)?(?:([+-])(\\d{2})(\\d{2}))?");

    private Hl7Time() {
    }

    /** The instant of a time given at least to the minute; empty when it is not one. */
    public static Optional<Instant> instant(String value, ZoneId zone) {
        Matcher m = DTM.matcher(value.strip());
        if (!m.matches() || m.group(5) == null) {
            return Optional.empty();
        }
        try {
            LocalDateTime local = LocalDateTime.of(number(m.group(1)), number(m.group(2)), number(m.group(3)),
                number(m.group(4)), number(m.group(5)), m.group(6) == null ? 0 : number(m.group(6)));
            if (m.group(7) == null) {
                return Optional.of(local.atZone(zone).toInstant());
            }
            int sign = "-".equals(m.group(7)) ? -1 : 1;
            ZoneOffset offset = ZoneOffset.ofHoursMinutes(sign * number(m.group(8)), sign * number(m.group(9)));
            return Optional.of(local.toInstant(offset));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** The day of a time given at least to the day (a birth date); empty when it is not one. */
    public static Optional<LocalDate> date(String value) {
        Matcher m = DTM.matcher(value.strip());
        if (!m.matches() || m.group(3) == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.of(number(m.group(1)), number(m.group(2)), number(m.group(3))));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static int number(String digits) {
        return Integer.parseInt(digits);
    }
}
