package fr.caducee.server.imap;

import java.util.List;

import org.apache.james.imap.api.ImapCommand;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.message.request.SearchKey;
import org.apache.james.imap.message.request.AbstractImapRequest;

import fr.caducee.server.storage.search.SortKey;

/**
 * A SORT or THREAD command (RFC 5256): the messages a search finds, in an order. A SORT has its criteria; a THREAD its
 * algorithm ({@code REFERENCES} or {@code ORDEREDSUBJECT}).
 */
final class OrderedSearchRequest extends AbstractImapRequest {
    static final ImapCommand SORT = ImapCommand.selectedStateCommand("SORT");
    static final ImapCommand THREAD = ImapCommand.selectedStateCommand("THREAD");

    private final List<SortKey.Order> criteria;
    private final String algorithm;
    private final SearchKey key;
    private final boolean useUids;

    private OrderedSearchRequest(ImapCommand command, List<SortKey.Order> criteria, String algorithm, SearchKey key,
                                 boolean useUids, Tag tag) {
        super(tag, command);
        this.criteria = criteria;
        this.algorithm = algorithm;
        this.key = key;
        this.useUids = useUids;
    }

    static OrderedSearchRequest sort(List<SortKey.Order> criteria, SearchKey key, boolean useUids, Tag tag) {
        return new OrderedSearchRequest(SORT, List.copyOf(criteria), null, key, useUids, tag);
    }

    static OrderedSearchRequest thread(String algorithm, SearchKey key, boolean useUids, Tag tag) {
        return new OrderedSearchRequest(THREAD, List.of(), algorithm, key, useUids, tag);
    }

    boolean isSort() {
        return getCommand() == SORT;
    }

    List<SortKey.Order> criteria() {
        return criteria;
    }

    /** REFERENCES or ORDEREDSUBJECT, in upper case; null for a SORT. */
    String algorithm() {
        return algorithm;
    }

    SearchKey key() {
        return key;
    }

    boolean useUids() {
        return useUids;
    }

    @Override
    public String toString() {
        return (useUids ? "UID " : "") + getCommand().getName() + " " + (isSort() ? criteria : algorithm) + " " + key;
    }
}
