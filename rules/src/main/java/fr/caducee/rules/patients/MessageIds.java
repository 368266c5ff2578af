package fr.caducee.rules.patients;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

/** The message ids that tie a message to a conversation: its own, and those it replies to. */
public final class MessageIds {
    private static final Pattern ID = Pattern.compile("<[^<>\\s]+>");

    private MessageIds() {
    }

    /** The ids named by {@code In-Reply-To} and {@code References}, in order, each once. */
    public static List<String> repliedTo(MimeMessage message) throws MessagingException {
        Set<String> ids = new LinkedHashSet<>();
        for (String header : List.of("In-Reply-To", "References")) {
            String[] values = message.getHeader(header);
            if (values != null) {
                for (String value : values) {
                    Matcher matcher = ID.matcher(value);
                    while (matcher.find()) {
                        ids.add(matcher.group());
                    }
                }
            }
        }
        return List.copyOf(ids);
    }

    /**
     * The message's {@code Message-ID}; one is given when the client set none, since a reply can only be tied to a
     * conversation by naming it.
     */
    public static String ensure(MimeMessage message, String domain) throws MessagingException {
        String current = message.getHeader("Message-ID", null);
        if (current != null) {
            Matcher matcher = ID.matcher(current);
            if (matcher.find()) {
                return matcher.group();
            }
        }
        String id = "<" + UUID.randomUUID() + "@" + domain + ">";
        message.setHeader("Message-ID", id);
        return id;
    }
}
