package fr.caducee.webmail.port;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the conversation list. A message the patient received outside any conversation (a notice of the
 * shared record, a message opened before the patient's box existed) is shown as a conversation of its own that
 * cannot be replied to ({@code replyable} false, {@code closedBy} empty).
 *
 * @param id            opaque, stable; what the conversation page's path carries
 * @param subject       the subject of its first message, {@code XDM/1.0/DDM+} and {@code Re:} prefixes removed
 * @param professionals the professional participants, the one who opened it first
 * @param lastActivity  when its last message arrived or left
 * @param messages      how many messages it holds in the patient's box (received and sent)
 * @param unread        how many received messages are not seen yet
 * @param replyable     true when the patient may reply: an open conversation
 * @param closing       who closed it and when; empty while open
 */
public record ConversationSummary(String id, String subject, List<Correspondent> professionals, Instant lastActivity,
                                  int messages, int unread, boolean replyable, Optional<Closing> closing) {

    public ConversationSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subject, "subject");
        professionals = List.copyOf(professionals);
        Objects.requireNonNull(lastActivity, "lastActivity");
        closing = Objects.requireNonNullElse(closing, Optional.empty());
    }

    /**
     * A closed conversation: who closed it, when, and the server's own sentence about it (the one its SMTP refusal
     * gives a patient who replies to it), so that the page and the refusal say the same thing.
     */
    public record Closing(Correspondent by, Instant at, String sentence) {
        public Closing {
            Objects.requireNonNull(by, "by");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(sentence, "sentence");
        }
    }
}
