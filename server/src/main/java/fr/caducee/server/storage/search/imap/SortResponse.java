package fr.caducee.server.storage.search.imap;

import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.mailbox.ModSeq;

/** {@code * SORT 5 3 4 1 2}, with {@code (MODSEQ n)} when the search asked for a mod-sequence (RFC 7162 3.1.5). */
record SortResponse(long[] ids, ModSeq highestModSeq) implements ImapResponseMessage {
}
