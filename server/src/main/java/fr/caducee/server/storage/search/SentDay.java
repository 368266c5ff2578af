package fr.caducee.server.storage.search;

import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.Optional;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.datetime.DateTime;
import org.apache.james.mime4j.field.DateTimeFieldLenientImpl;
import org.apache.james.mime4j.field.datetime.parser.DateTimeParser;
import org.apache.james.mime4j.field.datetime.parser.TokenMgrError;
import org.apache.james.mime4j.stream.RawField;

/**
 * A {@code Date:} header read two ways. IMAP's {@code SENTBEFORE}, {@code SENTON} and {@code SENTSINCE} compare the
 * day as written, "disregarding time and timezone" (RFC 9051 6.4.4): a message written at 23:30 in New York (-0500)
 * on 1 December is sent on 1 December, though it is already 2 December in UTC. SORT by date (RFC 5256) compares
 * instants.
 */
final class SentDay {
    private SentDay() {
    }

    /** The day the header names, as written; none when it is not a date. */
    static Optional<LocalDate> day(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            DateTime written = new DateTimeParser(new StringReader(value.trim())).parseAll();
            return Optional.of(LocalDate.of(written.getYear(), written.getMonth(), written.getDay()));
        } catch (Exception | TokenMgrError e) {
            return Optional.empty();
        }
    }

    /** The instant the header names, read leniently as James's own date sort does; none when it is not a date. */
    static Optional<Instant> instant(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            Date date = DateTimeFieldLenientImpl.PARSER.parse(new RawField("Date", value), DecodeMonitor.SILENT)
                .getDate();
            return Optional.ofNullable(date).map(Date::toInstant);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
