package fr.caducee.server.imap;

import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import javax.inject.Inject;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.StoreRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

/**
 * A STORE that failed because another session expunged one of its messages while it ran is run once more, and
 * answered by that second run: the message is gone by then, so the STORE covers the others (RFC 2180 4.2: a STORE
 * of a message another session expunged is answered without it, never an error that makes a client give up).
 *
 * <p>With James 3.8.1's JPA mailbox, a keyword stored on a message deleted meanwhile breaks the foreign key of the
 * keyword table, and the whole STORE fails ({@code NO STORE failed. Save failed.}). A STORE is idempotent (the same
 * flags set again), so running it again is safe. Only James's answers to an unexpected failure are retried, once; the
 * untagged answers of the first run are written as they come, only its tagged answer is held until it is known to be
 * final.
 *
 * <p>FETCH is not retried: in imaptest's stress runs a retried {@code FETCH n (UID BODY.PEEK[TEXT])} of a message
 * expunged meanwhile was never answered, with no thread blocked (the cause was not found); its {@code NO FETCH
 * processing failed} stays until the storage no longer fails on a message deleted while a command reads it.
 */
public final class ExpungedMeanwhileRetry implements ImapProcessor {
    private static final Logger LOGGER = LoggerFactory.getLogger(ExpungedMeanwhileRetry.class);
    /** James's texts for a STORE that met an unexpected storage failure. */
    private static final Set<String> FAILURES = Set.of(HumanReadableText.GENERIC_FAILURE_DURING_PROCESSING.getKey(),
        HumanReadableText.SAVE_FAILED.getKey());

    private final ImapProcessor processors;

    @Inject
    public ExpungedMeanwhileRetry(CopyUidSources processors) {
        this((ImapProcessor) processors);
    }

    ExpungedMeanwhileRetry(ImapProcessor processors) {
        this.processors = processors;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (!(message instanceof StoreRequest)) {
            return processors.processReactive(message, responder, session);
        }
        FailureHeld first = new FailureHeld(responder);
        return processors.processReactive(message, first, session)
            .then(Mono.defer(() -> {
                StatusResponse failure = first.failure.get();
                if (failure == null) {
                    return Mono.empty();
                }
                LOGGER.info("{} failed, likely on a message another session expunged meanwhile: run once more",
                    message);
                return processors.processReactive(message, responder, session);
            }));
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        processors.configure(imapConfiguration);
    }

    /** Writes every answer but a tagged {@code NO} for an unexpected failure, which it keeps. */
    private static final class FailureHeld implements Responder {
        private final Responder client;
        private final AtomicReference<StatusResponse> failure = new AtomicReference<>();

        FailureHeld(Responder client) {
            this.client = client;
        }

        @Override
        public void respond(ImapResponseMessage answer) {
            if (answer instanceof StatusResponse status && status.getTag() != null
                    && status.getServerResponseType() == StatusResponse.Type.NO
                    && status.getTextKey() != null && FAILURES.contains(status.getTextKey().getKey())) {
                failure.set(status);
                return;
            }
            client.respond(answer);
        }

        @Override
        public void flush() {
            client.flush();
        }
    }
}
