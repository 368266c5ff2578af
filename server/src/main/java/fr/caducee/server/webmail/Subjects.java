package fr.caducee.server.webmail;

import java.util.regex.Pattern;

/**
 * Subjects as a person reads them: without the {@code XDM/1.0/DDM+} prefix that practice software writes for other
 * software (mail clients should hide it, ANS says), and, for a conversation's title, without the {@code Re:} and
 * {@code TR:} leaders replies pile up. A {@code [FIN]} stays: it says the conversation was closed.
 */
final class Subjects {
    static final String UNTITLED = "(sans objet)";
    private static final Pattern XDM = Pattern.compile("^\\s*XDM/1\\.0/DDM\\+\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern LEADERS = Pattern.compile("^\\s*((re|fwd?|tr|r[ée]f)\\s*:\\s*)+",
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private Subjects() {
    }

    /** A message's subject as shown: the XDM prefix removed, and an empty one named as such. */
    static String shown(String subject) {
        String shown = subject == null ? "" : XDM.matcher(subject.replaceAll("[\\r\\n\\t]+", " ")).replaceFirst("")
            .strip();
        return shown.isEmpty() ? UNTITLED : shown;
    }

    /** A conversation's title from its first message's subject: the XDM prefix and reply leaders removed. */
    static String title(String subject) {
        String title = LEADERS.matcher(shown(subject)).replaceFirst("").strip();
        return title.isEmpty() || title.equals(UNTITLED) ? UNTITLED : XDM.matcher(title).replaceFirst("").strip();
    }
}
