package fr.caducee.server.imap;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.message.IdRange;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.request.AbstractMessageRangeRequest;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.UidValidity;

import reactor.core.publisher.Mono;

/**
 * The source set of {@code COPYUID} holds UIDs, also for a COPY or MOVE by sequence numbers (RFC 4315 3: "the
 * message set ... in the source mailbox" is a set of UIDs, in the order of the destination's).
 *
 * <p>James 3.8.1 writes the set the client sent, so a {@code COPY 2:3 Sent} answered {@code [COPYUID v 2:3 ...]}
 * whatever the messages' UIDs. Here the UIDs of the sequence numbers are read from the session's selection before the
 * command runs (a MOVE then changes the numbers), and written in place of the set when the destination got as many
 * messages; otherwise (a message expunged by another session meanwhile was not copied) James's code is left as it is.
 */
public final class CopyUidSources implements ImapProcessor {
    private static final String COPYUID = "COPYUID";

    private final ImapProcessor processors;
    private final StatusResponseFactory responses;

    @Inject
    public CopyUidSources(MoveCopyUidFirst processors, UnpooledStatusResponseFactory responses) {
        this((ImapProcessor) processors, responses);
    }

    CopyUidSources(ImapProcessor processors, StatusResponseFactory responses) {
        this.processors = processors;
        this.responses = responses;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (!(message instanceof AbstractMessageRangeRequest request) || request.isUseUids()
                || session.getSelected() == null) {
            return processors.processReactive(message, responder, session);
        }
        List<MessageUid> sources = uids(session.getSelected(), request.getIdSet());
        return processors.processReactive(message, new Responder() {
            @Override
            public void respond(ImapResponseMessage answer) {
                responder.respond(withUids(answer, sources));
            }

            @Override
            public void flush() {
                responder.flush();
            }
        }, session);
    }

    /** The UIDs of the messages a set of sequence numbers names, ascending, each once. */
    static List<MessageUid> uids(SelectedMailbox selected, IdRange[] sequenceNumbers) {
        long exists = selected.existsCount();
        List<MessageUid> uids = new ArrayList<>();
        for (IdRange range : sequenceNumbers) {
            // "*" is the last message the session knows of.
            long low = range.getLowVal() == Long.MAX_VALUE ? exists : Math.max(range.getLowVal(), 1);
            long high = Math.min(range.getHighVal(), exists);
            for (long msn = low; msn <= high; msn++) {
                selected.uid((int) msn).ifPresent(uids::add);
            }
        }
        return uids.stream().distinct().sorted().toList();
    }

    private ImapResponseMessage withUids(ImapResponseMessage answer, List<MessageUid> sources) {
        if (!(answer instanceof StatusResponse status) || status.getResponseCode() == null
                || !COPYUID.equals(status.getResponseCode().getCode())) {
            return answer;
        }
        StatusResponse.ResponseCode code = status.getResponseCode();
        List<String> parameters = List.copyOf(code.getParameters());
        Optional<IdRange[]> targets = parameters.size() == 2 ? ranges(parameters.get(1)) : Optional.empty();
        if (targets.isEmpty() || count(targets.get()) != sources.size()) {
            return answer;
        }
        StatusResponse.ResponseCode withUids = StatusResponse.ResponseCode.copyUid(UidValidity.of(code.getNumber()),
            ranges(sources), targets.get());
        if (status.getTag() == null) {
            return responses.untaggedOk(status.getTextKey(), withUids);
        }
        return responses.taggedOk(status.getTag(), status.getCommand(), status.getTextKey(), withUids);
    }

    private static IdRange[] ranges(List<MessageUid> uids) {
        List<IdRange> ranges = new ArrayList<>();
        for (MessageUid uid : uids) {
            ranges.add(new IdRange(uid.asLong()));
        }
        return IdRange.mergeRanges(ranges).toArray(IdRange[]::new);
    }

    /** A set as James writes it: {@code 5:7,9}. */
    static Optional<IdRange[]> ranges(String set) {
        List<IdRange> ranges = new ArrayList<>();
        try {
            for (String part : set.split(",")) {
                int colon = part.indexOf(':');
                if (colon < 0) {
                    ranges.add(new IdRange(Long.parseLong(part)));
                } else {
                    long low = Long.parseLong(part.substring(0, colon));
                    long high = Long.parseLong(part.substring(colon + 1));
                    ranges.add(new IdRange(Math.min(low, high), Math.max(low, high)));
                }
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(ranges.toArray(IdRange[]::new));
    }

    private static long count(IdRange[] ranges) {
        long count = 0;
        for (IdRange range : ranges) {
            count += range.getHighVal() - range.getLowVal() + 1;
        }
        return count;
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        processors.configure(imapConfiguration);
    }
}
