package fr.caducee.server.storage.search.imap;

import java.io.IOException;

import org.apache.james.imap.encode.ImapResponseComposer;
import org.apache.james.imap.encode.ImapResponseEncoder;

public class ThreadResponseEncoder implements ImapResponseEncoder<ThreadResponse> {
    @Override
    public Class<ThreadResponse> acceptableMessages() {
        return ThreadResponse.class;
    }

    @Override
    public void encode(ThreadResponse response, ImapResponseComposer composer) throws IOException {
        composer.untagged();
        composer.commandName(ThreadRequest.THREAD);
        if (!response.threads().isEmpty()) {
            composer.message(response.threads());
        }
        composer.end();
    }
}
