package fr.caducee.server.imap;

import java.util.ArrayList;

import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.message.response.ImapResponseMessage;

/** The client's side of a processor under test: every answer written to it, in order. */
final class WrittenAnswers extends ArrayList<ImapResponseMessage> implements ImapProcessor.Responder {
    @Override
    public void respond(ImapResponseMessage message) {
        add(message);
    }

    @Override
    public void flush() {
    }
}
