package fr.caducee.server.storage.search.imap;

import java.util.List;

import javax.inject.Inject;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.Capability;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.request.SearchRequest;
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
        SearchAnswer answer = new SearchAnswer(request.getTag(), responder);
        SearchRequest searchRequest = new SearchRequest(new SearchOperation(request.searchKey(), List.of()),
            request.useUids(), request.getTag());
        return search.processReactive(searchRequest, answer, session)
            .then(Mono.defer(() -> {
                if (!answer.succeeded()) {
                    responder.respond(answer.failure(getStatusResponseFactory(), SortRequest.SORT));
                    return Mono.empty();
                }
                SelectedMailbox selected = session.getSelected();
                List<MessageUid> uids = answer.uids(request.useUids(), selected);
                return Mono.fromCallable(() -> index.sort(selected.getMailboxId(), uids, request.keys()))
                    .subscribeOn(Schedulers.boundedElastic())
                    .doOnNext(sorted -> {
                        responder.respond(new SortResponse(SearchAnswer.ids(sorted, request.useUids(), selected),
                            answer.found().getHighestModSeq()));
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

    @Override
    protected MDCBuilder mdc(SortRequest request) {
        return MDCBuilder.create()
            .addToContext(MDCBuilder.ACTION, "SORT")
            .addToContext("useUid", Boolean.toString(request.useUids()))
            .addToContext("sortKeys", request.keys().toString());
    }
}
