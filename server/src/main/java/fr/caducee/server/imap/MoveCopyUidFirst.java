package fr.caducee.server.imap;

import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.MoveRequest;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;

import reactor.core.publisher.Mono;

/**
 * MOVE announces where the messages went before it says they left: {@code * OK [COPYUID ...]} comes before the
 * {@code * n EXPUNGE} responses (RFC 6851 4.3, with UIDPLUS), so that a client still knows the moved messages by the
 * sequence numbers the expunges are about to change.
 *
 * <p>James 3.8.1 (and 3.9.0) writes the EXPUNGEs, then puts {@code COPYUID} in the tagged {@code OK}. Here the
 * answers James gives to a MOVE are held until its tagged answer: when that is an {@code OK [COPYUID ...]}, the code
 * goes first in an untagged {@code OK}, then the held answers, then the tagged {@code OK} without the code. Any
 * other tagged answer lets the held answers through unchanged, in their order.
 */
public final class MoveCopyUidFirst implements ImapProcessor {
    static final HumanReadableText MOVED = new HumanReadableText("caducee.imap.MOVED", "Moved.");
    private static final String COPYUID = "COPYUID";

    private final ImapProcessor processors;
    private final StatusResponseFactory responses;

    @Inject
    public MoveCopyUidFirst(ListPatterns processors, UnpooledStatusResponseFactory responses) {
        this((ImapProcessor) processors, responses);
    }

    MoveCopyUidFirst(ImapProcessor processors, StatusResponseFactory responses) {
        this.processors = processors;
        this.responses = responses;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (!(message instanceof MoveRequest)) {
            return processors.processReactive(message, responder, session);
        }
        HeldUntilTagged held = new HeldUntilTagged(responder);
        return processors.processReactive(message, held, session)
            .doOnTerminate(held::release)
            .doOnCancel(held::release);
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        processors.configure(imapConfiguration);
    }

    private final class HeldUntilTagged implements Responder {
        private final Responder client;
        private final List<ImapResponseMessage> held = new ArrayList<>();
        private boolean tagged;

        HeldUntilTagged(Responder client) {
            this.client = client;
        }

        @Override
        public synchronized void respond(ImapResponseMessage answer) {
            if (tagged) {
                client.respond(answer);
                return;
            }
            if (!(answer instanceof StatusResponse status) || status.getTag() == null) {
                held.add(answer);
                return;
            }
            tagged = true;
            StatusResponse.ResponseCode code = status.getResponseCode();
            if (status.getServerResponseType() == StatusResponse.Type.OK && code != null
                    && COPYUID.equals(code.getCode())) {
                client.respond(responses.untaggedOk(MOVED, code));
                release();
                client.respond(responses.taggedOk(status.getTag(), status.getCommand(), status.getTextKey()));
            } else {
                release();
                client.respond(answer);
            }
        }

        /** Lets through what was held: at the tagged answer, or when the command ended without one. */
        synchronized void release() {
            held.forEach(client::respond);
            held.clear();
        }

        @Override
        public void flush() {
            // Nothing held is written before the tagged answer decides the order.
            if (tagged) {
                client.flush();
            }
        }
    }
}
