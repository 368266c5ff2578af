package fr.caducee.webmail.port;

import java.util.List;
import java.util.Optional;

/**
 * The patient's box seen as conversations, as the server's conversation store knows them (the same store the
 * submission rules consult). Every method is for the box the viewer opened; a conversation or message ref of another
 * box is answered as unknown (empty), never as forbidden, so that it tells nothing.
 */
public interface PatientMailbox {

    /** One page of the conversations, the most recent activity first. */
    List<ConversationSummary> conversations(Viewer viewer, int offset, int limit);

    /** How many conversations the list has in all. */
    int conversationCount(Viewer viewer);

    /** A conversation with its messages; does not mark them seen. */
    Optional<Conversation> conversation(Viewer viewer, String conversationId);

    /** Marks the received messages of a conversation seen (the patient opened it). */
    void markSeen(Viewer viewer, String conversationId);

    /** An attachment of one of the box's messages, as {@link MailMessage.AttachmentInfo} describes it. */
    Optional<Download> attachment(Viewer viewer, String messageRef, int index);

    /**
     * The pharmacies the patient may write to first (where a dispensing is recorded for them: the rule of
     * {@code PharmacistFirstContact}), for "new message". Empty for most patients.
     */
    List<Correspondent> pharmacies(Viewer viewer);
}
