package fr.caducee.server.imap;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.inject.Inject;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.decode.DecodingException;
import org.apache.james.imap.decode.ImapRequestLineReader;
import org.apache.james.imap.decode.parser.ListCommandParser;
import org.apache.james.imap.message.request.ListRequest;
import org.apache.james.imap.message.request.ListRequest.ListSelectOption;
import org.apache.james.imap.message.response.AbstractListingResponse;
import org.apache.james.imap.message.response.ListResponse;

import com.google.common.base.Splitter;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * LIST with several patterns, as LIST-EXTENDED (RFC 5258 3) requires of a server that advertises it:
 * {@code LIST "" ("INBOX" "Sent")}.
 *
 * <p>James 3.8.1 advertises LIST-EXTENDED but its parser reads one pattern only, and answers {@code BAD} to a
 * parenthesised list. Here the parser ({@link Parser}) reads a list too and hands the patterns to James's request
 * joined by a NUL, which no list-mailbox can hold (RFC 9051: CHAR8 excludes it, and a quoted string holds no NUL);
 * the processor runs James's LIST once per pattern and answers once: each mailbox listed once (with what follows
 * its LIST line, such as a STATUS), then one tagged answer.
 */
public final class ListPatterns implements ImapProcessor {
    static final char SEPARATOR = '\0';

    private final ImapProcessor processors;

    @Inject
    public ListPatterns(ReturnedMessagesModSeq processors) {
        this((ImapProcessor) processors);
    }

    ListPatterns(ImapProcessor processors) {
        this.processors = processors;
    }

    /** James's LIST parser, reading a parenthesised list of patterns where one pattern may be. */
    static final class Parser extends ListCommandParser {
        /** James's list-mailbox characters: an atom's, and the wildcards. */
        private static final ImapRequestLineReader.CharacterValidator LIST_CHAR = chr ->
            ImapRequestLineReader.isListWildcard(chr) || ImapRequestLineReader.AtomCharValidator.INSTANCE.isValid(chr);

        Parser(StatusResponseFactory responses) {
            super(responses);
        }

        @Override
        public String listMailbox(ImapRequestLineReader request) throws DecodingException {
            if (request.nextWordChar() != '(') {
                return super.listMailbox(request);
            }
            request.consumeChar('(');
            List<String> patterns = new ArrayList<>();
            while (request.nextWordChar() != ')') {
                char next = request.nextWordChar();
                // An unquoted pattern ends at the list's closing parenthesis too (imaptest's listext).
                String pattern = next == '"' || next == '{' ? super.listMailbox(request)
                    : request.consumeWord(LIST_CHAR, true);
                if (pattern.indexOf(SEPARATOR) >= 0) {
                    throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS,
                        "a mailbox pattern cannot hold NUL");
                }
                patterns.add(pattern);
            }
            request.consumeChar(')');
            if (patterns.isEmpty()) {
                throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS,
                    "a list of mailbox patterns needs at least one pattern");
            }
            return String.join(String.valueOf(SEPARATOR), patterns);
        }

        /**
         * RECURSIVEMATCH alone, or with REMOTE only, is a syntax error (RFC 5258 3): it says how another selection
         * option (SUBSCRIBED) matches. James's parser accepts it and lists every mailbox.
         */
        @Override
        protected ImapMessage decode(ImapRequestLineReader request, Tag tag, boolean useUids, ImapSession session)
                throws DecodingException {
            ImapMessage decoded = super.decode(request, tag, useUids, session);
            if (decoded instanceof ListRequest list && list.getSelectOptions().contains(ListSelectOption.RECURSIVEMATCH)
                    && list.getSelectOptions().stream().allMatch(option -> option == ListSelectOption.RECURSIVEMATCH
                        || option == ListSelectOption.REMOTE)) {
                throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS,
                    "RECURSIVEMATCH needs another selection option, such as SUBSCRIBED");
            }
            return decoded;
        }
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (!(message instanceof ListRequest list) || list.getClass() != ListRequest.class
                || list.getMailboxPattern().indexOf(SEPARATOR) < 0) {
            return processors.processReactive(message, responder, session);
        }
        List<String> patterns = Splitter.on(SEPARATOR).splitToList(list.getMailboxPattern());
        OnceEach once = new OnceEach(responder,
            list.getSelectOptions().contains(ListSelectOption.RECURSIVEMATCH));
        return Flux.fromIterable(patterns)
            .concatMap(pattern -> once.failed ? Mono.empty()
                : processors.processReactive(new ListRequest(list.getCommand(), list.getBaseReferenceName(), pattern,
                    list.getTag(), list.getSelectOptions(), list.getReturnOptions(), list.getStatusDataItems()),
                    once, session))
            .then(Mono.fromRunnable(once::complete));
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        processors.configure(imapConfiguration);
    }

    /**
     * Writes each mailbox once, and one tagged answer: the first that is not OK, or the last OK. With RECURSIVEMATCH,
     * the answers are held to the end: a mailbox listed only for the CHILDINFO of a child that another pattern lists
     * itself is left out (the child is listed, imaptest's listext and Dovecot).
     */
    private static final class OnceEach implements Responder {
        private final Responder client;
        private final boolean recursiveMatch;
        private final Set<String> listed = new HashSet<>();
        private final List<List<ImapResponseMessage>> held = new ArrayList<>();
        private boolean skipping;
        private StatusResponse lastOk;
        private volatile boolean failed;

        OnceEach(Responder client, boolean recursiveMatch) {
            this.client = client;
            this.recursiveMatch = recursiveMatch;
        }

        @Override
        public synchronized void respond(ImapResponseMessage answer) {
            if (answer instanceof StatusResponse status && status.getTag() != null) {
                if (status.getServerResponseType() == StatusResponse.Type.OK) {
                    lastOk = status;
                } else if (!failed) {
                    failed = true;
                    client.respond(status);
                }
                return;
            }
            if (answer instanceof AbstractListingResponse listing) {
                skipping = !listed.add(listing.getName());
                if (!skipping && recursiveMatch) {
                    held.add(new ArrayList<>());
                }
            }
            if (skipping) {
                return;
            }
            if (recursiveMatch && !held.isEmpty()) {
                held.get(held.size() - 1).add(answer);
            } else {
                client.respond(answer);
            }
        }

        synchronized void complete() {
            if (failed) {
                return;
            }
            held.stream().filter(answers -> !onlyForAListedChild(answers.get(0)))
                .forEach(answers -> answers.forEach(client::respond));
            if (lastOk != null) {
                client.respond(lastOk);
            }
        }

        private boolean onlyForAListedChild(ImapResponseMessage answer) {
            if (!(answer instanceof ListResponse listing) || listing.getChildInfos().isEmpty()
                    || listing.isReturnSubscribed()) {
                return false;
            }
            String children = listing.getName() + listing.getHierarchyDelimiter();
            return listed.stream().anyMatch(name -> name.startsWith(children));
        }

        @Override
        public void flush() {
            client.flush();
        }
    }
}
