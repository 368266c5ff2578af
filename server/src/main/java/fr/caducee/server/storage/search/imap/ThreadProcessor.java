package fr.caducee.server.storage.search.imap;

import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.Capability;
import org.apache.james.imap.api.message.request.SearchOperation;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.request.SearchRequest;
import org.apache.james.imap.processor.AbstractMailboxProcessor;
import org.apache.james.imap.processor.CapabilityImplementingProcessor;
import org.apache.james.imap.processor.SearchProcessor;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.util.MDCBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.server.storage.search.PostgresMessageSearchIndex;
import fr.caducee.server.storage.search.ThreadMessage;
import fr.caducee.server.storage.search.Threads;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * IMAP THREAD (RFC 5256): ORDEREDSUBJECT and REFERENCES. James's SEARCH processor chooses the messages, as for
 * {@link SortProcessor}; their ids, references, base subjects and dates come from PostgreSQL in one statement and
 * {@link Threads} builds the threads.
 */
public class ThreadProcessor extends AbstractMailboxProcessor<ThreadRequest>
        implements CapabilityImplementingProcessor {
    private static final Logger LOGGER = LoggerFactory.getLogger(ThreadProcessor.class);
    private static final List<Capability> CAPABILITIES = List.of(Capability.of("THREAD=ORDEREDSUBJECT"),
        Capability.of("THREAD=REFERENCES"));

    private final SearchProcessor search;
    private final PostgresMessageSearchIndex index;

    @Inject
    public ThreadProcessor(MailboxManager mailboxManager, StatusResponseFactory responses, MetricFactory metrics,
                           PostgresMessageSearchIndex index) {
        super(ThreadRequest.class, mailboxManager, responses, metrics);
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
    protected Mono<Void> processRequestReactive(ThreadRequest request, ImapSession session, Responder responder) {
        SearchAnswer answer = new SearchAnswer(request.getTag(), responder);
        SearchRequest searchRequest = new SearchRequest(new SearchOperation(request.searchKey(), List.of()),
            request.useUids(), request.getTag());
        return search.processReactive(searchRequest, answer, session)
            .then(Mono.defer(() -> {
                if (!answer.succeeded()) {
                    responder.respond(answer.failure(getStatusResponseFactory(), ThreadRequest.THREAD));
                    return Mono.empty();
                }
                SelectedMailbox selected = session.getSelected();
                List<MessageUid> uids = answer.uids(request.useUids(), selected);
                return Mono.fromCallable(() -> index.threadMessages(selected.getMailboxId(), uids))
                    .subscribeOn(Schedulers.boundedElastic())
                    .doOnNext(messages -> {
                        List<Threads.Node> threads = request.algorithm() == ThreadRequest.Algorithm.REFERENCES
                            ? Threads.references(messages) : Threads.orderedSubject(messages);
                        responder.respond(new ThreadResponse(written(threads, request.useUids(), selected)));
                        okComplete(request, responder);
                    })
                    .then();
            }))
            .onErrorResume(e -> {
                LOGGER.error("THREAD failed in mailbox {}", session.getSelected() == null ? "(none)"
                    : session.getSelected().getMailboxId(), e);
                no(request, responder, HumanReadableText.SEARCH_FAILED);
                return Mono.empty();
            });
    }

    /** RFC 5256's form: a chain of single replies as numbers, several replies each in its own parentheses. */
    static String written(List<Threads.Node> threads, boolean useUids, SelectedMailbox selected) {
        StringBuilder text = new StringBuilder();
        for (Threads.Node thread : threads) {
            StringBuilder one = new StringBuilder();
            members(thread, useUids, selected, one);
            if (one.length() > 0) {
                text.append('(').append(one).append(')');
            }
        }
        return text.toString();
    }

    private static void members(Threads.Node node, boolean useUids, SelectedMailbox selected, StringBuilder text) {
        Optional<Long> id = node.message().flatMap(uid -> SearchAnswer.id(uid, useUids, selected));
        id.ifPresent(text::append);
        List<Threads.Node> children = node.children();
        if (children.size() == 1) {
            int before = text.length();
            if (id.isPresent()) {
                text.append(' ');
            }
            int start = text.length();
            members(children.get(0), useUids, selected, text);
            if (text.length() == start) {
                text.setLength(before);
            }
        } else if (children.size() > 1) {
            for (Threads.Node child : children) {
                StringBuilder nested = new StringBuilder();
                members(child, useUids, selected, nested);
                if (nested.length() > 0) {
                    boolean afterNumber = text.length() > 0 && Character.isDigit(text.charAt(text.length() - 1));
                    text.append(afterNumber ? " (" : "(").append(nested).append(')');
                }
            }
        }
    }

    @Override
    protected MDCBuilder mdc(ThreadRequest request) {
        return MDCBuilder.create()
            .addToContext(MDCBuilder.ACTION, "THREAD")
            .addToContext("useUid", Boolean.toString(request.useUids()))
            .addToContext("algorithm", request.algorithm().name());
    }
}
