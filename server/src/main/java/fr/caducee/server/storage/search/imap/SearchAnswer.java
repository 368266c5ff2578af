package fr.caducee.server.storage.search.imap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.apache.james.imap.api.ImapCommand;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor.Responder;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.response.SearchResponse;
import org.apache.james.mailbox.MessageUid;

/**
 * What James's SEARCH answered for a SORT or THREAD: its result and its tagged status are kept, every other
 * response (the unsolicited ones it owes the session) goes on to the client.
 */
final class SearchAnswer implements Responder {
    private final Tag tag;
    private final Responder client;
    private SearchResponse found;
    private StatusResponse status;

    SearchAnswer(Tag tag, Responder client) {
        this.tag = tag;
        this.client = client;
    }

    @Override
    public void respond(ImapResponseMessage message) {
        if (message instanceof SearchResponse response) {
            found = response;
        } else if (message instanceof StatusResponse response && tag.equals(response.getTag())) {
            status = response;
        } else {
            client.respond(message);
        }
    }

    @Override
    public void flush() {
        client.flush();
    }

    boolean succeeded() {
        return status != null && status.getServerResponseType() == StatusResponse.Type.OK && found != null;
    }

    SearchResponse found() {
        return found;
    }

    /** The search's NO or BAD, said of the command that asked for it. */
    StatusResponse failure(StatusResponseFactory responses, ImapCommand command) {
        if (status == null || status.getServerResponseType() == StatusResponse.Type.OK) {
            return responses.taggedNo(tag, command, HumanReadableText.SEARCH_FAILED);
        }
        return status.getServerResponseType() == StatusResponse.Type.BAD
            ? responses.taggedBad(tag, command, status.getTextKey(), status.getResponseCode())
            : responses.taggedNo(tag, command, status.getTextKey(), status.getResponseCode());
    }

    /** The UIDs of the messages found, whether the search spoke in UIDs or in sequence numbers. */
    List<MessageUid> uids(boolean useUids, SelectedMailbox selected) {
        List<MessageUid> uids = new ArrayList<>(found.getIds().size());
        for (long id : found.getIds()) {
            if (useUids) {
                uids.add(MessageUid.of(id));
            } else {
                selected.uid((int) id).ifPresent(uids::add);
            }
        }
        return uids;
    }

    /** A UID as the client asked for it: itself, or its sequence number (none once expunged from the session). */
    static Optional<Long> id(MessageUid uid, boolean useUids, SelectedMailbox selected) {
        if (useUids) {
            return Optional.of(uid.asLong());
        }
        return selected.msn(uid).asInt().map(Integer::longValue);
    }

    static long[] ids(List<MessageUid> uids, boolean useUids, SelectedMailbox selected) {
        long[] ids = new long[uids.size()];
        int count = 0;
        for (MessageUid uid : uids) {
            Optional<Long> id = id(uid, useUids, selected);
            if (id.isPresent()) {
                ids[count++] = id.get();
            }
        }
        return Arrays.copyOf(ids, count);
    }
}
