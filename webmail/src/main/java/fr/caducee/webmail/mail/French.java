package fr.caducee.webmail.mail;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How the pages write dates, sizes and counts for a French reader: the time where the patient is (Europe/Paris, even
 * when the server runs in UTC), "1er mars 2026 à 09:05", "120 Ko", "2 messages non lus".
 */
public final class French {
    public static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final DateTimeFormatter MONTH_YEAR = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.FRENCH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.FRENCH);
    private static final DateTimeFormatter MACHINE = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final String[] UNITS = {"Ko", "Mo", "Go"};

    private French() {
    }

    /** "12 mars 2026 à 14:05", in Paris time. */
    public static String dateTime(Instant instant) {
        ZonedDateTime paris = instant.atZone(PARIS);
        return day(paris) + " à " + TIME.format(paris);
    }

    /** "12 mars 2026", in Paris time. */
    public static String date(Instant instant) {
        return day(instant.atZone(PARIS));
    }

    /** The {@code datetime} attribute of a {@code <time>} element: ISO 8601 with Paris's offset. */
    public static String machine(Instant instant) {
        return MACHINE.format(instant.atZone(PARIS));
    }

    private static String day(ZonedDateTime paris) {
        int day = paris.getDayOfMonth();
        return (day == 1 ? "1er" : String.valueOf(day)) + " " + MONTH_YEAR.format(paris);
    }

    /** "512 octets", "120 Ko", "1,2 Mo": one decimal below ten units, none above. */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + (bytes < 2 ? " octet" : " octets");
        }
        double value = bytes / 1024.0;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        String number = value < 10 && Math.round(value * 10) % 10 != 0
            ? String.format(Locale.FRENCH, "%.1f", value)
            : String.valueOf(Math.round(value));
        return number + " " + UNITS[unit];
    }

    /** "0 message", "1 message", "3 messages": French takes the singular below two. */
    public static String count(long count, String singular, String plural) {
        return count + " " + (count < 2 ? singular : plural);
    }
}
