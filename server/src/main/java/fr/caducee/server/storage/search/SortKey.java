package fr.caducee.server.storage.search;

import org.apache.james.mailbox.model.SearchQuery.Sort.SortClause;

/**
 * The sort keys of RFC 5256 (SORT) and RFC 5957 (SORT=DISPLAY), with James's own two (UID, message id), as the
 * columns that hold them. James 3.8.1's {@link SortClause} has no DISPLAYFROM / DISPLAYTO: those are ours only.
 */
public enum SortKey {
    ARRIVAL("m.internal_date", false),
    CC("s.sort_cc COLLATE \"C\"", true),
    DATE("COALESCE(s.sent_at, m.internal_date)", true),
    FROM("s.sort_from COLLATE \"C\"", true),
    SIZE("m.size", false),
    SUBJECT("s.sort_subject COLLATE \"C\"", true),
    TO("s.sort_to COLLATE \"C\"", true),
    DISPLAYFROM("s.display_from COLLATE \"C\"", true),
    DISPLAYTO("s.display_to COLLATE \"C\"", true),
    UID("m.uid", false),
    MESSAGE_ID("m.message_id", false);

    final String expression;
    final boolean readsSearchTable;

    SortKey(String expression, boolean readsSearchTable) {
        this.expression = expression;
        this.readsSearchTable = readsSearchTable;
    }

    static SortKey of(SortClause clause) {
        return switch (clause) {
            case Arrival -> ARRIVAL;
            case MailboxCc -> CC;
            case MailboxFrom -> FROM;
            case MailboxTo -> TO;
            case BaseSubject -> SUBJECT;
            case Size -> SIZE;
            case SentDate -> DATE;
            case Uid -> UID;
            case Id -> MESSAGE_ID;
        };
    }

    /** A key of a SORT command, reversed or not. */
    public record Order(SortKey key, boolean reverse) {
    }
}
