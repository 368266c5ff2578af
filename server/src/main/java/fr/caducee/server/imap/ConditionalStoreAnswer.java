package fr.caducee.server.imap;

import javax.inject.Inject;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.StoreRequest;
import org.apache.james.imap.message.response.FetchResponse;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;

import reactor.core.publisher.Mono;

/**
 * A conditional STORE that finds messages changed since its {@code UNCHANGEDSINCE} answers
 * {@code OK [MODIFIED 1:3] ...} (RFC 7162 3.1.3).
 *
 * <p>James 3.8.1 (and 3.9.0) builds that code with the number 0 in front of the set: {@code OK [MODIFIED 0 1]}, a
 * set a client cannot parse. A response code outside James's list cannot be built (private constructor), so the code
 * is written at the head of the text, as the client reads it.
 *
 * <p>A {@code STORE ... .SILENT} with CONDSTORE enabled answers each message James changed flags of with a FETCH
 * holding its MODSEQ only; a message whose flags were already those asked for has no new MODSEQ, and James writes
 * {@code * 31 FETCH ()}, which RFC 9051's grammar does not allow (a FETCH response holds at least one item, and
 * there is nothing to tell of that message): such an empty answer is not written.
 */
public final class ConditionalStoreAnswer implements ImapProcessor {
    private static final String MODIFIED = "MODIFIED";

    private final ImapProcessor processors;
    private final StatusResponseFactory responses;

    @Inject
    public ConditionalStoreAnswer(FetchConformance processors, UnpooledStatusResponseFactory responses) {
        this((ImapProcessor) processors, responses);
    }

    ConditionalStoreAnswer(ImapProcessor processors, StatusResponseFactory responses) {
        this.processors = processors;
        this.responses = responses;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (!(message instanceof StoreRequest)) {
            return processors.processReactive(message, responder, session);
        }
        return processors.processReactive(message, new Responder() {
            @Override
            public void respond(ImapResponseMessage answer) {
                if (!(answer instanceof FetchResponse fetch && empty(fetch))) {
                    responder.respond(written(answer));
                }
            }

            @Override
            public void flush() {
                responder.flush();
            }
        }, session);
    }

    static boolean empty(FetchResponse fetch) {
        return fetch.getFlags() == null && fetch.getUid() == null && fetch.getModSeq() == null
            && fetch.getInternalDate() == null && fetch.getSize() == null && fetch.getEnvelope() == null
            && fetch.getBody() == null && fetch.getBodyStructure() == null
            && (fetch.getElements() == null || fetch.getElements().isEmpty()) && fetch.getEmailId() == null
            && fetch.getThreadId() == null && (fetch.getSaveDate() == null || fetch.getSaveDate().isEmpty());
    }

    private ImapResponseMessage written(ImapResponseMessage answer) {
        if (!(answer instanceof StatusResponse status) || status.getTag() == null || status.getResponseCode() == null
                || !MODIFIED.equals(status.getResponseCode().getCode())) {
            return answer;
        }
        String set = String.join(",", status.getResponseCode().getParameters());
        return responses.taggedOk(status.getTag(), null, new HumanReadableText("caducee.imap.MODIFIED",
            "[MODIFIED " + set + "] STORE not applied to these messages: changed since the UNCHANGEDSINCE given"));
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        processors.configure(imapConfiguration);
    }
}
