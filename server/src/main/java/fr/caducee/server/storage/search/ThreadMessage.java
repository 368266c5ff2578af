package fr.caducee.server.storage.search;

import java.time.Instant;
import java.util.List;

import org.apache.james.mailbox.MessageUid;

/** What THREAD (RFC 5256) reads of one message: its ids, its base subject and its sent date (else arrival). */
public record ThreadMessage(MessageUid uid, String messageId, List<String> references, String baseSubject,
                            boolean subjectReply, Instant sent) {
}
