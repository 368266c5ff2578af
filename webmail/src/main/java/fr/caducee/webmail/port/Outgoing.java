package fr.caducee.webmail.port;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A message the patient wrote, as the form gave it: the recipients are those the page offered (a conversation's
 * participants, or one pharmacy), sent as given, so that an edited form meets the rule chain's refusal.
 *
 * @param to         recipient box addresses
 * @param subject    the subject ("Re: " + the conversation's for a reply)
 * @param text       the text the patient typed (sent as text/plain UTF-8)
 * @param inReplyTo  the Message-ID replied to, for a reply
 * @param references the References of a reply
 * @param uploads    attachments
 */
public record Outgoing(List<String> to, String subject, String text, Optional<String> inReplyTo,
                       List<String> references, List<Upload> uploads) {

    public Outgoing {
        to = List.copyOf(to);
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        inReplyTo = Objects.requireNonNullElse(inReplyTo, Optional.empty());
        references = List.copyOf(references);
        uploads = List.copyOf(uploads);
    }
}
