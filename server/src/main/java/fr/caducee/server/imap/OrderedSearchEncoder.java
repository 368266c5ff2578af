package fr.caducee.server.imap;

import java.io.IOException;

import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.encode.ImapEncoder;
import org.apache.james.imap.encode.ImapResponseComposer;

/** James's encoder, which also writes the SORT and THREAD responses it does not know ({@link SortAndThread}). */
final class OrderedSearchEncoder implements ImapEncoder {
    private final ImapEncoder james;

    OrderedSearchEncoder(ImapEncoder james) {
        this.james = james;
    }

    @Override
    public void encode(ImapMessage message, ImapResponseComposer composer) throws IOException {
        if (!(message instanceof OrderedSearchResponse response)) {
            james.encode(message, composer);
            return;
        }
        composer.untagged();
        composer.message(response.name());
        if (!response.content().isEmpty()) {
            composer.message(response.content());
        }
        composer.end();
    }
}
