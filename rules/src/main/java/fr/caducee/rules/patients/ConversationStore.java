package fr.caducee.rules.patients;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where conversations are kept: durable (a decision taken on them survives a restart) and indexed by patient, by
 * participant and by message id, so that each check at RCPT or DATA is one indexed lookup, however many
 * conversations a patient has had. A write returns once it is durable.
 * Addresses are given lower case; message ids with their angle brackets.
 */
public interface ConversationStore {

    /** The patient's conversations holding any of these message ids, most recently opened first. */
    List<Conversation> containing(String patient, Collection<String> messageIds);

    /** The patient's open conversations in which this box takes part, most recently opened first. */
    List<Conversation> openInvolving(String patient, String box);

    /** The patient's most recently opened conversation, open or closed, in which this box takes part. */
    Optional<Conversation> lastInvolving(String patient, String box);

    /** Starts a conversation with its first message; {@code participants} are the boxes the patient may reply to. */
    Conversation open(String patient, String openedBy, Set<String> participants, String messageId, Instant at);

    /** Adds a message (and any new participants) to a conversation; adding the same message twice is harmless. */
    void addMessage(String conversationId, String messageId, Set<String> participants, Instant at);

    /** Closes a conversation; closing it again keeps the first closing. */
    void close(String conversationId, String closedBy, Instant at);

    /** Thrown when the store cannot be reached: the caller answers "try again later", never "yes". */
    class ConversationStoreUnavailableException extends RuntimeException {
        public ConversationStoreUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
