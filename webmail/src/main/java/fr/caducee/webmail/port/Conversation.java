package fr.caducee.webmail.port;

import java.util.List;
import java.util.Objects;

/**
 * A conversation's page: its summary, its messages oldest first, and whom a reply goes to (the participants the
 * patient may reply to: the professional boxes of the conversation).
 */
public record Conversation(ConversationSummary summary, List<MailMessage> messages, List<Correspondent> replyTo) {

    public Conversation {
        Objects.requireNonNull(summary, "summary");
        messages = List.copyOf(messages);
        replyTo = List.copyOf(replyTo);
    }
}
