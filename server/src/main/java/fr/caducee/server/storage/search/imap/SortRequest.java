package fr.caducee.server.storage.search.imap;

import java.util.List;

import org.apache.james.imap.api.ImapCommand;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.message.request.SearchKey;
import org.apache.james.imap.message.request.AbstractImapRequest;

import fr.caducee.server.storage.search.SortKey;

/** {@code [UID] SORT (keys) charset search-keys} (RFC 5256). */
public final class SortRequest extends AbstractImapRequest {
    static final ImapCommand SORT = ImapCommand.selectedStateCommand("SORT");

    private final List<SortKey.Order> keys;
    private final SearchKey searchKey;
    private final boolean useUids;

    SortRequest(Tag tag, List<SortKey.Order> keys, SearchKey searchKey, boolean useUids) {
        super(tag, SORT);
        this.keys = List.copyOf(keys);
        this.searchKey = searchKey;
        this.useUids = useUids;
    }

    List<SortKey.Order> keys() {
        return keys;
    }

    SearchKey searchKey() {
        return searchKey;
    }

    boolean useUids() {
        return useUids;
    }
}
