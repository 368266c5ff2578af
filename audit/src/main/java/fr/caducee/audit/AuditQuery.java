package fr.caducee.audit;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * What to look for in the trail; every criterion given must hold.
 *
 * @param box       an address matched, ignoring case, against the login, the sender and every recipient
 * @param messageId the {@code Message-ID}, with or without its angle brackets
 * @param mail      the server's name for the mail; also finds the parts it was split into ({@code name-!123...})
 * @param decision  one decision only
 * @param from      records at or after this instant
 * @param to        records before this instant
 * @param limit     at most this many records, the latest ones
 */
public record AuditQuery(String box, String messageId, String mail, Decision decision, Instant from, Instant to,
                         int limit) {

    public AuditQuery {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        box = blankToNull(box);
        messageId = blankToNull(messageId);
        mail = blankToNull(mail);
    }

    public static AuditQuery between(Instant from, Instant to) {
        return new AuditQuery(null, null, null, null, from, to, Integer.MAX_VALUE);
    }

    public AuditQuery withBox(String box) {
        return new AuditQuery(box, messageId, mail, decision, from, to, limit);
    }

    public AuditQuery withMessageId(String messageId) {
        return new AuditQuery(box, messageId, mail, decision, from, to, limit);
    }

    public AuditQuery withMail(String mail) {
        return new AuditQuery(box, messageId, mail, decision, from, to, limit);
    }

    public AuditQuery withDecision(Decision decision) {
        return new AuditQuery(box, messageId, mail, decision, from, to, limit);
    }

    public AuditQuery withLimit(int limit) {
        return new AuditQuery(box, messageId, mail, decision, from, to, limit);
    }

    boolean inRange(Instant time) {
        return !time.isBefore(from) && time.isBefore(to);
    }

    /** A cheap test on the raw line: false only when the record surely does not match. */
    boolean mayMatch(String line) {
        return (messageId == null || line.contains(AuditJson.escaped(bare(messageId))))
            && (mail == null || line.contains(AuditJson.escaped(mail)))
            && (box == null || containsIgnoreCase(line, AuditJson.escaped(box)))
            && (decision == null || line.contains("\"decision\":\"" + decision.name() + "\""));
    }

    boolean matches(AuditRecord record) {
        return inRange(record.time())
            && (decision == null || record.decision() == decision)
            && (messageId == null || (record.messageId() != null && bare(record.messageId()).equals(bare(messageId))))
            && (mail == null || (record.mail() != null
                && (record.mail().equals(mail) || record.mail().startsWith(mail + "-!"))))
            && (box == null || concerns(record, box));
    }

    private static boolean concerns(AuditRecord record, String box) {
        return box.equalsIgnoreCase(record.login()) || box.equalsIgnoreCase(record.sender())
            || record.recipients().stream().anyMatch(box::equalsIgnoreCase);
    }

    private static String bare(String messageId) {
        String id = messageId.strip();
        if (id.startsWith("<") && id.endsWith(">")) {
            id = id.substring(1, id.length() - 1);
        }
        return id;
    }

    static boolean containsIgnoreCase(String text, String needle) {
        if (needle.isEmpty()) {
            return true;
        }
        char lower = Character.toLowerCase(needle.charAt(0));
        char upper = Character.toUpperCase(needle.charAt(0));
        int last = text.length() - needle.length();
        for (int i = 0; i <= last; i++) {
            char c = text.charAt(i);
            if ((c == lower || c == upper) && text.regionMatches(true, i, needle, 0, needle.length())) {
                return true;
            }
        }
        return false;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("from ").append(from).append(" to ").append(to);
        if (box != null) {
            text.append(" box=").append(box.toLowerCase(Locale.ROOT));
        }
        if (messageId != null) {
            text.append(" messageId=").append(messageId);
        }
        if (mail != null) {
            text.append(" mail=").append(mail);
        }
        if (decision != null) {
            text.append(" decision=").append(decision);
        }
        return text.append(" limit=").append(limit).toString();
    }
}
