package fr.caducee.server.storage.search.imap;

import org.apache.james.imap.api.message.response.ImapResponseMessage;

/** {@code * THREAD (2)(3 6 (4 23)(44 7 96))}: the threads as RFC 5256 writes them. */
record ThreadResponse(String threads) implements ImapResponseMessage {
}
