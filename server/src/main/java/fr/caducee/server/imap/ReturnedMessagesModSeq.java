package fr.caducee.server.imap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.message.request.SearchResultOption;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.request.SearchRequest;
import org.apache.james.imap.message.response.ESearchResponse;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.model.ComposedMessageIdWithMetaData;
import org.apache.james.mailbox.model.MessageRange;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The MODSEQ of an ESEARCH that returns only MIN and/or MAX is the highest mod-sequence of the messages returned
 * (RFC 7162 3.1.5): {@code SEARCH RETURN (MIN) MODSEQ 1} gives the MODSEQ of the first message found.
 *
 * <p>James 3.8.1 gives the highest of every message found, computed before MIN and MAX are chosen. Here such an
 * answer is held until James's SEARCH ends, the MODSEQ of its MIN and MAX messages read, and the answer written
 * with theirs (then the tagged answer held behind it). Where they cannot be read (expunged meanwhile), James's
 * answer is written as it was.
 */
public final class ReturnedMessagesModSeq implements ImapProcessor {
    private final ImapProcessor processors;
    private final MailboxManager mailboxes;

    @Inject
    public ReturnedMessagesModSeq(ConditionalStoreAnswer processors, MailboxManager mailboxes) {
        this((ImapProcessor) processors, mailboxes);
    }

    ReturnedMessagesModSeq(ImapProcessor processors, MailboxManager mailboxes) {
        this.processors = processors;
        this.mailboxes = mailboxes;
    }

    /** MIN, MAX or both, without ALL or COUNT, which return (count) every message found. */
    static boolean returnsMinOrMaxOnly(List<SearchResultOption> options) {
        return (options.contains(SearchResultOption.MIN) || options.contains(SearchResultOption.MAX))
            && !options.contains(SearchResultOption.ALL) && !options.contains(SearchResultOption.COUNT);
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (!(message instanceof SearchRequest search)
                || !returnsMinOrMaxOnly(search.getSearchOperation().getResultOptions())) {
            return processors.processReactive(message, responder, session);
        }
        Held held = new Held(responder);
        return processors.processReactive(message, held, session)
            .then(Mono.defer(() -> held.answer == null ? Mono.<Void>empty()
                : returnedModSeq(held.answer, session)
                    .map(modSeq -> (ImapResponseMessage) withModSeq(held.answer, modSeq))
                    .onErrorResume(any -> Mono.empty())
                    .defaultIfEmpty(held.answer)
                    .doOnNext(answer -> held.release(answer))
                    .then()));
    }

    private Mono<ModSeq> returnedModSeq(ESearchResponse answer, ImapSession session) {
        SelectedMailbox selected = session.getSelected();
        if (selected == null) {
            return Mono.empty();
        }
        List<SearchResultOption> options = answer.getSearchResultOptions();
        List<MessageUid> uids = Stream.of(
                options.contains(SearchResultOption.MIN) ? answer.getMinUid() : -1L,
                options.contains(SearchResultOption.MAX) ? answer.getMaxUid() : -1L)
            .filter(id -> id > 0)
            .map(id -> answer.getUseUid() ? Optional.of(MessageUid.of(id)) : selected.uid(id.intValue()))
            .flatMap(Optional::stream)
            .distinct()
            .toList();
        if (uids.isEmpty()) {
            return Mono.empty();
        }
        return Mono.from(mailboxes.getMailboxReactive(selected.getMailboxId(), session.getMailboxSession()))
            .flatMapMany(mailbox -> Flux.fromIterable(uids).concatMap(uid ->
                mailbox.listMessagesMetadata(MessageRange.one(uid), session.getMailboxSession())))
            .map(ComposedMessageIdWithMetaData::getModSeq)
            .collectList()
            .filter(modSeqs -> modSeqs.size() == uids.size())
            .map(modSeqs -> modSeqs.stream().max(Comparator.naturalOrder()).orElseThrow());
    }

    private static ESearchResponse withModSeq(ESearchResponse answer, ModSeq modSeq) {
        return new ESearchResponse(answer.getMinUid(), answer.getMaxUid(), answer.getCount(), answer.getAll(), modSeq,
            answer.getTag(), answer.getUseUid(), answer.getSearchResultOptions());
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        processors.configure(imapConfiguration);
    }

    /** Passes answers through until an ESEARCH with a MODSEQ, then holds it and what follows. */
    private static final class Held implements Responder {
        private final Responder client;
        private final List<ImapResponseMessage> after = new ArrayList<>();
        private volatile ESearchResponse answer;

        Held(Responder client) {
            this.client = client;
        }

        @Override
        public synchronized void respond(ImapResponseMessage message) {
            if (answer == null && message instanceof ESearchResponse esearch && esearch.getHighestModSeq() != null) {
                answer = esearch;
            } else if (answer != null) {
                after.add(message);
            } else {
                client.respond(message);
            }
        }

        synchronized void release(ImapResponseMessage written) {
            client.respond(written);
            after.forEach(client::respond);
            client.flush();
        }

        @Override
        public void flush() {
            if (answer == null) {
                client.flush();
            }
        }
    }
}
