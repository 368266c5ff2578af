package fr.caducee.server.imap;

import org.apache.james.imap.api.message.response.ImapResponseMessage;

/**
 * {@code * SORT 3 1 2} or {@code * THREAD (1 2)(3)}: the name of the response and what follows it, already written in
 * the RFC 5256 syntax; empty when nothing matched.
 */
record OrderedSearchResponse(String name, String content) implements ImapResponseMessage {
}
