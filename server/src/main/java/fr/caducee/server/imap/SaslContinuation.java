package fr.caducee.server.imap;

import java.nio.charset.StandardCharsets;

import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.process.ImapProcessor.Responder;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.response.ContinuationResponse;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * A challenge of AUTHENTICATE ({@code + <challenge>}, RFC 9051 6.2.2) and the line the client answers it with.
 *
 * <p>James's own AUTHENTICATE reads that line on the connection's event loop and checks the credentials there; here
 * the command's work waits for the line without holding a thread, so that the commands after it still wait their
 * turn, and the check runs off the event loop.
 */
final class SaslContinuation {
    private SaslContinuation() {
    }

    /** The client's line, without its line end. */
    static Mono<String> ask(ImapSession session, Responder responder, String challenge) {
        Sinks.One<String> answer = Sinks.one();
        session.executeSafely(() -> {
            // In place before the challenge leaves: the client's line cannot arrive ahead of it.
            session.pushLineHandler((current, line) -> {
                current.popLineHandler();
                answer.tryEmitValue(new String(line, StandardCharsets.US_ASCII).strip());
            });
            responder.respond(new ContinuationResponse(new HumanReadableText("caducee.imap.SASL_CHALLENGE", challenge)));
            responder.flush();
        });
        return answer.asMono().publishOn(Schedulers.boundedElastic());
    }
}
