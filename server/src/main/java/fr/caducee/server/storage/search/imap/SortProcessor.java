package fr.caducee.server.storage.search.imap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.Capability;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.request.SearchRequest;
import org.apache.james.imap.message.response.SearchResponse;
import org.apache.james.imap.processor.AbstractMailboxProcessor;
import org.apache.james.imap.processor.CapabilityImplementingProcessor;
import org.apache.james.imap.processor.SearchProcessor;
import org.apache.james.imap.api.message.request.SearchOperation;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.util.MDCBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.server.storage.search.PostgresMessageSearchIndex;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * IMAP SORT (RFC 5256) and SORT=DISPLAY (RFC 5957). The search keys are answered by James's own SEARCH processor,
 * unchanged (sequence sets, $ of SEARCHRES, MODSEQ, the unsolicited responses it owes the session); the messages it
 * chose are then put in order by PostgreSQL ({@link PostgresMessageSearchIndex#sort}), UID last.
 */
public class SortProcessor extends AbstractMailboxProcessor<SortRequest> implements CapabilityImplementingProcessor {
    private static final Logger LOGGER = LoggerFactory.getLogger(SortProcessor.class);
    private static final List<Capability> CAPABILITIES = List.of(Capability.of("SORT"), Capability.of("SORT=DISPLAY"));

    private final SearchProcessor search;
    private final PostgresMessageSearchIndex index;

    @Inject
    public SortProcessor(MailboxManager mailboxManager, StatusResponseFactory responses, MetricFactory metrics,
                         PostgresMessageSearchIndex index) {
        super(SortRequest.class, mailboxManager, responses, metrics);
        this.search = new SearchProcessor(mailboxManager, responses, metrics);
        this.index = index;
    }

    @Override
    public void configure(ImapConfiguration configuration) {
        super.configure(configuration);
        search.configure(configuration);
    }

    @Override
    public List<Capability> getImplementedCapabilities(ImapSession session) {
        return CAPABILITIES;
    }

    @Override
    protected Mono<Void> processRequestReactive(SortRequest request, ImapSession session, Responder responder) {
        SearchResult result = new SearchResult(request, responder);
        SearchRequest searchRequest = new SearchRequest(new SearchOperation(request.searchKey(), List.of()),
            request.useUids(), request.getTag());
        return search.processReactive(searchRequest, result, session)
            .then(Mono.defer(() -> {
                if (result.status == null || result.status.getServerResponseType() != StatusResponse.Type.OK
                        || result.found == null) {
                    responder.respond(result.asSortStatus(getStatusResponseFactory()));
                    return Mono.empty();
                }
                SelectedMailbox selected = session.getSelected();
                List<MessageUid> uids = uids(result.found, request.useUids(), selected);
                return Mono.fromCallable(() -> index.sort(selected.getMailboxId(), uids, request.keys()))
                    .subscribeOn(Schedulers.boundedElastic())
                    .doOnNext(sorted -> {
                        responder.respond(new SortResponse(ids(sorted, request.useUids(), selected),
                            result.found.getHighestModSeq()));
                        okComplete(request, responder);
                    })
                    .then();
            }))
            .onErrorResume(e -> {
                LOGGER.error("SORT failed in mailbox {}", session.getSelected() == null ? "(none)"
                    : session.getSelected().getMailboxId(), e);
                no(request, responder, HumanReadableText.SEARCH_FAILED);
                return Mono.empty();
            });
    }

    private static List<MessageUid> uids(SearchResponse found, boolean useUids, SelectedMailbox selected) {
        List<MessageUid> uids = new ArrayList<>(found.getIds().size());
        for (long id : found.getIds()) {
            if (useUids) {
                uids.add(MessageUid.of(id));
            } else {
                selected.uid((int) id).ifPresent(uids::add);
            }
        }
        return uids;
    }

    private static long[] ids(List<MessageUid> sorted, boolean useUids, SelectedMailbox selected) {
        long[] ids = new long[sorted.size()];
        int count = 0;
        for (MessageUid uid : sorted) {
            if (useUids) {
                ids[count++] = uid.asLong();
            } else {
                Optional<Integer> msn = selected.msn(uid).asInt();
                if (msn.isPresent()) {
                    ids[count++] = msn.get();
                }
            }
        }
        return Arrays.copyOf(ids, count);
    }

    @Override
    protected MDCBuilder mdc(SortRequest request) {
        return MDCBuilder.create()
            .addToContext(MDCBuilder.ACTION, "SORT")
            .addToContext("useUid", Boolean.toString(request.useUids()))
            .addToContext("sortKeys", request.keys().toString());
    }

    /** What the SEARCH answered: its result and its tagged status are kept, the rest is passed on to the client. */
    private static final class SearchResult implements Responder {
        private final SortRequest request;
        private final Responder client;
        private SearchResponse found;
        private StatusResponse status;

        SearchResult(SortRequest request, Responder client) {
            this.request = request;
            this.client = client;
        }

        @Override
        public void respond(ImapResponseMessage message) {
            if (message instanceof SearchResponse response) {
                found = response;
            } else if (message instanceof StatusResponse response && request.getTag().equals(response.getTag())) {
                status = response;
            } else {
                client.respond(message);
            }
        }

        @Override
        public void flush() {
            client.flush();
        }

        /** The search's NO or BAD, said of SORT. */
        StatusResponse asSortStatus(StatusResponseFactory responses) {
            if (status == null) {
                return responses.taggedNo(request.getTag(), SortRequest.SORT, HumanReadableText.SEARCH_FAILED);
            }
            return status.getServerResponseType() == StatusResponse.Type.BAD
                ? responses.taggedBad(request.getTag(), SortRequest.SORT, status.getTextKey(), status.getResponseCode())
                : responses.taggedNo(request.getTag(), SortRequest.SORT, status.getTextKey(), status.getResponseCode());
        }
    }
}
