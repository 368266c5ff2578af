package fr.caducee.server.storage.search.imap;

import org.apache.james.imap.api.ImapCommand;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.message.request.SearchKey;
import org.apache.james.imap.message.request.AbstractImapRequest;

/** {@code [UID] THREAD algorithm charset search-keys} (RFC 5256). */
public final class ThreadRequest extends AbstractImapRequest {
    static final ImapCommand THREAD = ImapCommand.selectedStateCommand("THREAD");

    /** The algorithms we answer: THREAD=ORDEREDSUBJECT and THREAD=REFERENCES. */
    enum Algorithm {
        ORDEREDSUBJECT, REFERENCES
    }

    private final Algorithm algorithm;
    private final SearchKey searchKey;
    private final boolean useUids;

    ThreadRequest(Tag tag, Algorithm algorithm, SearchKey searchKey, boolean useUids) {
        super(tag, THREAD);
        this.algorithm = algorithm;
        this.searchKey = searchKey;
        this.useUids = useUids;
    }

    Algorithm algorithm() {
        return algorithm;
    }

    SearchKey searchKey() {
        return searchKey;
    }

    boolean useUids() {
        return useUids;
    }
}
