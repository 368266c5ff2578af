package fr.caducee.server.storage.search.imap;

import java.io.IOException;

import org.apache.james.imap.encode.ImapResponseComposer;
import org.apache.james.imap.encode.ImapResponseEncoder;

public class SortResponseEncoder implements ImapResponseEncoder<SortResponse> {
    @Override
    public Class<SortResponse> acceptableMessages() {
        return SortResponse.class;
    }

    @Override
    public void encode(SortResponse response, ImapResponseComposer composer) throws IOException {
        composer.untagged();
        composer.commandName(SortRequest.SORT);
        for (long id : response.ids()) {
            composer.message(id);
        }
        if (response.highestModSeq() != null) {
            composer.openParen();
            composer.message("MODSEQ");
            composer.message(response.highestModSeq().asLong());
            composer.closeParen();
        }
        composer.end();
    }
}
