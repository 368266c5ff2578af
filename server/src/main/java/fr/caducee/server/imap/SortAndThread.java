package fr.caducee.server.imap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.Header;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * SORT and THREAD (RFC 5256), which James 3.8.1 has not: professionals' mail clients and the webmail list a box by
 * date, sender or conversation without reading every message.
 *
 * <p>The search runs as James's SEARCH (or UID SEARCH) with the same keys, so it finds what SEARCH finds, numbers the
 * messages as the session knows them and writes the same untagged EXISTS or FLAGS; then the header of each message
 * found is read once ({@link SortedMessage}) and the messages ordered ({@link SortCriterion}) or threaded
 * ({@link Threads}). A message expunged between the two is left out. CAPABILITY lists SORT, SORT=DISPLAY (RFC 5957),
 * THREAD=REFERENCES and THREAD=ORDEREDSUBJECT.
 */
public final class SortAndThread implements ImapProcessor {
    private static final Logger LOGGER = LoggerFactory.getLogger(SortAndThread.class);
    static final List<Capability> CAPABILITIES = List.of(Capability.of("SORT"), Capability.of("SORT=DISPLAY"),
        Capability.of("THREAD=REFERENCES"), Capability.of("THREAD=ORDEREDSUBJECT"));

    private final ImapProcessor processors;
    private final StatusResponseFactory responses;
    private final MailboxManager mailboxManager;

    @Inject
    public SortAndThread(ExpungedMeanwhileRetry processors, UnpooledStatusResponseFactory responses,
                         MailboxManager mailboxManager) {
        this((ImapProcessor) processors, responses, mailboxManager);
    }

    SortAndThread(ImapProcessor processors, StatusResponseFactory responses, MailboxManager mailboxManager) {
        this.processors = processors;
        this.responses = responses;
        this.mailboxManager = mailboxManager;
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
                if (searched == null || searched.getServerResponseType() != StatusResponse.Type.OK
                        || found.ids.get() == null) {
                    // James's own answer to the search (BAD for a message set, NO...), under our command's tag.
                    responder.respond(searched != null ? searched : responses.taggedNo(request.getTag(),
                        request.getCommand(), HumanReadableText.GENERIC_FAILURE_DURING_PROCESSING));
                    return Mono.empty();
                }
                return headers(selected, session.getMailboxSession(), uids(selected, request, found.ids.get()))
                    .map(messages -> answer(request, messages))
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

    /** UID to the number the client gave: itself for UID SORT, the sequence number the session knows otherwise. */
    private static Map<MessageUid, Long> uids(SelectedMailbox selected, OrderedSearchRequest request, long[] ids) {
        Map<MessageUid, Long> uids = new HashMap<>();
        for (long id : ids) {
            if (request.useUids()) {
                uids.put(MessageUid.of(id), id);
            } else {
                selected.uid((int) id).ifPresent(uid -> uids.put(uid, id));
            }
        }
        return uids;
    }

    private Mono<List<SortedMessage>> headers(SelectedMailbox selected, MailboxSession session,
                                              Map<MessageUid, Long> ids) {
        if (ids.isEmpty()) {
            return Mono.just(List.of());
        }
        List<MessageRange> ranges = MessageRange.toRanges(new ArrayList<>(ids.keySet()));
        return mailboxManager.manageProcessing(Mono.from(mailboxManager.getMailboxReactive(selected.getMailboxId(),
                session))
            .flatMap(mailbox -> Flux.fromIterable(ranges)
                .concatMap(range -> Flux.from(mailbox.getMessagesReactive(range, FetchGroup.HEADERS, session)))
                .filter(result -> ids.containsKey(result.getUid()))
                .map(result -> sorted(result, ids.get(result.getUid())))
                .collectList()), session)
            .subscribeOn(Schedulers.boundedElastic());
    }

    private static SortedMessage sorted(MessageResult result, long id) {
        Map<String, String> header = new HashMap<>();
        try {
            Iterator<Header> fields = result.getHeaders().headers();
            while (fields.hasNext()) {
                Header field = fields.next();
                header.putIfAbsent(field.getName().trim().toLowerCase(Locale.ROOT),
                    field.getValue().replaceAll("\\r?\\n(?=[ \\t])", ""));
            }
        } catch (MailboxException e) {
            throw new IllegalStateException("Cannot read the header of message " + result.getUid(), e);
        }
        return SortedMessage.of(id, result.getUid().asLong(), result.getInternalDate(), result.getSize(), header);
    }

    private static OrderedSearchResponse answer(OrderedSearchRequest request, List<SortedMessage> messages) {
        if (request.isSort()) {
            return new OrderedSearchResponse("SORT", messages.stream()
                .sorted(SortCriterion.order(request.criteria()))
                .map(message -> String.valueOf(message.id()))
                .collect(Collectors.joining(" ")));
        }
        return new OrderedSearchResponse("THREAD", "ORDEREDSUBJECT".equals(request.algorithm())
            ? Threads.orderedSubject(messages) : Threads.references(messages));
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        processors.configure(imapConfiguration);
    }

    /** Keeps the ids of James's SEARCH response and its tagged answer; lets the untagged updates through. */
    private static final class Found implements Responder {
        private final Responder client;
        private final AtomicReference<long[]> ids = new AtomicReference<>();
        private final AtomicReference<StatusResponse> tagged = new AtomicReference<>();

        Found(Responder client) {
            this.client = client;
        }

        @Override
        public void respond(ImapResponseMessage answer) {
            if (answer instanceof SearchResponse search) {
                ids.set(search.getIds().toLongArray());
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
