package fr.caducee.server.imap;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.Capability;
import org.apache.james.imap.api.message.request.SearchOperation;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.request.CapabilityRequest;
import org.apache.james.imap.message.request.SearchRequest;
import org.apache.james.imap.message.response.CapabilityResponse;
import org.apache.james.imap.message.response.SearchResponse;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.server.storage.search.PostgresMessageSearchIndex;
import fr.caducee.server.storage.search.ThreadMessage;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * SORT and THREAD (RFC 5256), which James 3.8.1 has not: professionals' mail clients and the webmail list a box by
 * date, sender or conversation without reading every message.
 *
 * <p>The search runs as James's SEARCH (or UID SEARCH) with the same keys, so it finds what SEARCH finds, numbers the
 * messages as the session knows them ({@link SessionView}) and writes the same untagged EXISTS or FLAGS; then
 * PostgreSQL orders the messages found by the sort keys stored when each was indexed, UID last
 * ({@link PostgresMessageSearchIndex#sort}), or gives what THREAD links them by ({@link Threads}), in one statement.
 * A message expunged between the two is left out. CAPABILITY lists SORT, SORT=DISPLAY (RFC 5957),
 * THREAD=REFERENCES and THREAD=ORDEREDSUBJECT.
 */
public final class SortAndThread implements ImapProcessor {
    private static final Logger LOGGER = LoggerFactory.getLogger(SortAndThread.class);
    static final List<Capability> CAPABILITIES = List.of(Capability.of("SORT"), Capability.of("SORT=DISPLAY"),
        Capability.of("THREAD=REFERENCES"), Capability.of("THREAD=ORDEREDSUBJECT"));

    private final ImapProcessor processors;
    private final StatusResponseFactory responses;
    private final PostgresMessageSearchIndex index;

    @Inject
    public SortAndThread(ExpungedMeanwhileRetry processors, UnpooledStatusResponseFactory responses,
                         PostgresMessageSearchIndex index) {
        this((ImapProcessor) processors, responses, index);
    }

    SortAndThread(ImapProcessor processors, StatusResponseFactory responses, PostgresMessageSearchIndex index) {
        this.processors = processors;
        this.responses = responses;
        this.index = index;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (message instanceof CapabilityRequest) {
            return processors.processReactive(message, new Responder() {
                @Override
                public void respond(ImapResponseMessage answer) {
                    responder.respond(answer instanceof CapabilityResponse capabilities
                        ? withOurs(capabilities) : answer);
                }

                @Override
                public void flush() {
                    responder.flush();
                }
            }, session);
        }
        if (message instanceof OrderedSearchRequest request) {
            return ordered(request, responder, session);
        }
        return processors.processReactive(message, responder, session);
    }

    private static CapabilityResponse withOurs(CapabilityResponse james) {
        Set<Capability> capabilities = new LinkedHashSet<>(james.getCapabilities());
        capabilities.addAll(CAPABILITIES);
        return new CapabilityResponse(capabilities);
    }

    private Mono<Void> ordered(OrderedSearchRequest request, Responder responder, ImapSession session) {
        SelectedMailbox selected = session.getSelected();
        if (selected == null) {
            return Mono.fromRunnable(() -> responder.respond(responses.taggedNo(request.getTag(),
                request.getCommand(), HumanReadableText.INVALID_COMMAND)));
        }
        Found found = new Found(responder);
        SearchRequest search = new SearchRequest(new SearchOperation(request.key(), List.of()), request.useUids(),
            request.getTag());
        return processors.processReactive(search, found, session)
            .then(Mono.defer(() -> {
                StatusResponse searched = found.tagged.get();
                SearchResponse hits = found.hits.get();
                if (searched == null || searched.getServerResponseType() != StatusResponse.Type.OK || hits == null) {
                    // James's own answer to the search (BAD for a message set, NO...), in our command's name.
                    responder.respond(failure(request, searched));
                    return Mono.empty();
                }
                Map<MessageUid, Long> ids = ids(selected, request, hits.getIds().toLongArray());
                return Mono.fromCallable(() -> answer(request, selected, ids, hits.getHighestModSeq()))
                    .subscribeOn(Schedulers.boundedElastic())
                    .doOnNext(answer -> {
                        responder.respond(answer);
                        responder.respond(responses.taggedOk(request.getTag(), request.getCommand(),
                            HumanReadableText.COMPLETED));
                    })
                    .then();
            }))
            .onErrorResume(error -> {
                LOGGER.error("{} failed for mailbox {}", request, selected.getMailboxId(), error);
                responder.respond(responses.taggedNo(request.getTag(), request.getCommand(),
                    HumanReadableText.GENERIC_FAILURE_DURING_PROCESSING));
                return Mono.empty();
            });
    }

    private StatusResponse failure(OrderedSearchRequest request, StatusResponse searched) {
        if (searched == null || searched.getServerResponseType() == StatusResponse.Type.OK) {
            return responses.taggedNo(request.getTag(), request.getCommand(),
                HumanReadableText.GENERIC_FAILURE_DURING_PROCESSING);
        }
        return searched.getServerResponseType() == StatusResponse.Type.BAD
            ? responses.taggedBad(request.getTag(), request.getCommand(), searched.getTextKey(),
                searched.getResponseCode())
            : responses.taggedNo(request.getTag(), request.getCommand(), searched.getTextKey(),
                searched.getResponseCode());
    }

    /** UID to the number the client gave: itself for UID SORT, the sequence number the session knows otherwise. */
    private static Map<MessageUid, Long> ids(SelectedMailbox selected, OrderedSearchRequest request, long[] found) {
        Map<MessageUid, Long> ids = new HashMap<>();
        for (long id : found) {
            if (request.useUids()) {
                ids.put(MessageUid.of(id), id);
            } else {
                selected.uid((int) id).ifPresent(uid -> ids.put(uid, id));
            }
        }
        return ids;
    }

    private OrderedSearchResponse answer(OrderedSearchRequest request, SelectedMailbox selected,
                                         Map<MessageUid, Long> ids, ModSeq highestModSeq)
            throws MailboxException {
        if (request.isSort()) {
            String sorted = index.sort(selected.getMailboxId(), ids.keySet(), request.criteria()).stream()
                .filter(ids::containsKey)
                .map(uid -> String.valueOf(ids.get(uid)))
                .collect(Collectors.joining(" "));
            // RFC 7162 3.1.5: a SORT with a MODSEQ search key says the highest mod-sequence of what it found.
            return new OrderedSearchResponse("SORT", highestModSeq == null || sorted.isEmpty() ? sorted
                : sorted + " (MODSEQ " + highestModSeq.asLong() + ")");
        }
        List<ThreadMessage> messages = index.threadMessages(selected.getMailboxId(), ids.keySet()).stream()
            .filter(message -> ids.containsKey(message.uid()))
            .toList();
        return new OrderedSearchResponse("THREAD", "ORDEREDSUBJECT".equals(request.algorithm())
            ? Threads.orderedSubject(messages, ids::get) : Threads.references(messages, ids::get));
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        processors.configure(imapConfiguration);
    }

    /** Keeps James's SEARCH response and its tagged answer; lets the untagged updates through. */
    private static final class Found implements Responder {
        private final Responder client;
        private final AtomicReference<SearchResponse> hits = new AtomicReference<>();
        private final AtomicReference<StatusResponse> tagged = new AtomicReference<>();

        Found(Responder client) {
            this.client = client;
        }

        @Override
        public void respond(ImapResponseMessage answer) {
            if (answer instanceof SearchResponse search) {
                hits.set(search);
            } else if (answer instanceof StatusResponse status && status.getTag() != null) {
                tagged.set(status);
            } else {
                client.respond(answer);
            }
        }

        @Override
        public void flush() {
            client.flush();
        }
    }
}
